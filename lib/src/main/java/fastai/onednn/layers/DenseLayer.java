package fastai.onednn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import fastai.onednn.DnnlMatmul;

/**
 * DL4J's dense layer with its matrix products on oneDNN ({@link DnnlMatmul}, which says why) instead of
 * ND4J's {@code mmul}; the activation, dropout, weight noise and bias gradient stay DL4J's. Layer norm,
 * masks and non-float types take DL4J's own path. The class keeps DL4J's simple name on purpose:
 * {@code summary()} prints each layer's runtime class, and a learner should see "DenseLayer" there.
 */
public class DenseLayer extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer {
    private final DnnlMatmul products = new DnnlMatmul();

    public DenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fast() {
        return DnnlMatmul.supports(input, getParam(DefaultParamInitializer.WEIGHT_KEY), hasLayerNorm(), maskArray);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (!fast()) return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        assertInputSet(forBackprop);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray b = hasBias() ? getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr) : null;
        INDArray y = products.forward(input, w, b, workspaceMgr);
        return new Pair<>(y, y);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fast() || epsilon.dataType() != DataType.FLOAT) return super.backpropGradient(epsilon, workspaceMgr);
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray bGrad = hasBias() ? gradientViews.get(DefaultParamInitializer.BIAS_KEY) : null;
        INDArray epsNext = products.backward(input, w, delta, wGrad, bGrad, workspaceMgr);
        Gradient ret = new DefaultGradient();
        if (bGrad != null) ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
        weightNoiseParams.clear();
        return new Pair<>(ret, backpropDropOutIfPresent(epsNext));
    }
}

package fastai.onednn.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import fastai.onednn.DnnlMatmul;

/**
 * DL4J's output layer with its matrix products on oneDNN ({@link DnnlMatmul}); the loss, its gradient and
 * the score stay DL4J's. Even the small last layer (512 x 10 on MNIST) cost 5 ms per step on ND4J's
 * {@code mmul} inside training, for the reason {@link DnnlMatmul} gives. Same rules and name as {@link DenseLayer}.
 */
public class OutputLayer extends org.deeplearning4j.nn.layers.OutputLayer {
    private final DnnlMatmul products = new DnnlMatmul();

    public OutputLayer(NeuralNetConfiguration conf, DataType dataType) {
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
        if (!fast() || labels == null) return super.backpropGradient(epsilon, workspaceMgr);
        assertInputSet(true);
        INDArray preOut = preOutput2d(true, workspaceMgr);
        INDArray delta = layerConf().getLossFn().computeGradient(getLabels2d(workspaceMgr, ArrayType.BP_WORKING_MEM),
                preOut, layerConf().getActivationFn(), maskArray);
        if (delta.dataType() != DataType.FLOAT) return super.backpropGradient(epsilon, workspaceMgr);
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray wGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray bGrad = hasBias() ? gradientViews.get(DefaultParamInitializer.BIAS_KEY) : null;
        INDArray epsNext = products.backward(input, w, delta, wGrad, bGrad, workspaceMgr);
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wGrad);
        if (bGrad != null) gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bGrad);
        // Like DL4J, weight noise is kept for the score and cleared by the net.
        return new Pair<>(gradient, backpropDropOutIfPresent(epsNext));
    }
}

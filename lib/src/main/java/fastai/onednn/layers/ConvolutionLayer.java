package fastai.onednn.layers;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import fastai.onednn.DnnlConvHelper;

/**
 * DL4J's convolution layer whose backward applies ReLU's derivative inside our oneDNN path when
 * {@link DnnlConvHelper} fused the ReLU into the forward. DL4J's own backward runs its generic
 * {@code relu_bp} on the pre-activation before it calls the helper (4 ms of an MNIST step on 2 cores);
 * here oneDNN's ReLU backward does it from the forward's output, relu(z), which has the same sign pattern
 * as z (measured 0.7 ms). Everything else is DL4J's layer. The simple name stays DL4J's (see {@link DenseLayer}).
 */
public class ConvolutionLayer extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
    public ConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!(helper instanceof DnnlConvHelper h) || !h.fusesRelu() || helperCountFail > 0
                || layerConf().getCnn2dDataFormat() != CNN2DFormat.NCHW || dataType != DataType.FLOAT
                || epsilon.dataType() != DataType.FLOAT || input == null || input.dataType() != DataType.FLOAT) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, true, workspaceMgr);
        INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();   // relu(z) from the fused forward (or z: same signs)
        INDArray delta = h.reluBackward(z, epsilon, workspaceMgr);
        Pair<Gradient, INDArray> ret = h.backpropGradient(input, weights, bias, delta, layerConf().getKernelSize(),
                layerConf().getStride(), layerConf().getPadding(), gradientViews.get(ConvolutionParamInitializer.BIAS_KEY),
                gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), layerConf().getActivationFn(),
                layerConf().getCudnnAlgoMode(), layerConf().getCudnnBwdFilterAlgo(), layerConf().getCudnnBwdDataAlgo(),
                convolutionMode, layerConf().getDilation(), CNN2DFormat.NCHW, workspaceMgr);
        if (ret == null) throw new IllegalStateException("oneDNN convolution backward refused " + layerId());
        ret.setSecond(backpropDropOutIfPresent(ret.getSecond()));
        return ret;
    }
}

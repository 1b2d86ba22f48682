package fastai.onednn.layers;

import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
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
 *
 * <p>Its forward also skips one copy. To keep the pre-activation for the backward ({@code CacheMode.DEVICE},
 * which {@code OneDnn.install} sets), DL4J duplicates it; with the ReLU fused, the pre-activation kept is
 * relu(z), the very array the layer returns as its output, which DL4J keeps for the backward anyway as the next
 * layer's input. It is shared instead of copied (1 ms of an MNIST step) where no layer that reads it can change
 * it: only dropout on a reader's input works in place, so the readers' configurations are checked at every step.
 */
public class ConvolutionLayer extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
    /** The configurations of the layers that read this layer's output; null when not known (then DL4J copies). */
    private List<org.deeplearning4j.nn.conf.layers.Layer> readers;

    public ConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Tells the layer which layers read its output (null: unknown, or something other than plain layers). */
    public void setReaders(List<org.deeplearning4j.nn.conf.layers.Layer> readers) {
        this.readers = readers == null ? null : List.copyOf(readers);
    }

    /** Whether the output can serve as the kept pre-activation without a copy (see the class comment). */
    public boolean outputStaysAsItIs() {
        if (readers == null || readers.isEmpty()) return false;
        for (org.deeplearning4j.nn.conf.layers.Layer r : readers) {
            if (r.getIDropout() != null) return false;
        }
        return true;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!(helper instanceof DnnlConvHelper h) || !h.fusesRelu() || helperCountFail > 0 || input == null
                || !training || cacheMode == null || cacheMode == CacheMode.NONE || !outputStaysAsItIs()
                || !workspaceMgr.hasConfiguration(ArrayType.FF_CACHE) || !workspaceMgr.isWorkspaceOpen(ArrayType.FF_CACHE)) {
            return super.activate(training, workspaceMgr);
        }
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray z = preOutput(true, false, workspaceMgr).getFirst();
        INDArray out = h.activate(z, layerConf().getActivationFn(), true);
        if (out == null) out = layerConf().getActivationFn().getActivation(z, true);   // DL4J's path ran: ReLU in place, z is relu(z) too
        preOutput = out;
        return out;
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

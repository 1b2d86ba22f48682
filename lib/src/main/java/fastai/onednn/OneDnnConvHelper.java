package fastai.onednn;

import java.util.Map;
import java.util.function.Supplier;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN convolution helper, with libnd4j's platform (oneDNN) kernels switched on only for
 * the duration of the convolution. {@link OneDnn#install} switches them off everywhere else,
 * because oneDNN's kernels for the other ops these nets use are slower on NCHW arrays than
 * libnd4j's own: max pooling 28x28 → 14x14, batch 64, 32 channels, measured here forward 7.6 ms
 * against 1.9 ms and backward 12.2 ms against 4.5 ms (see {@code lib/bench/README.md}).
 * The switch is process-wide; a thread that runs an op meanwhile only gets the other, equally
 * correct implementation.
 */
final class OneDnnConvHelper implements ConvolutionHelper {
    private final MKLDNNConvHelper conv;

    OneDnnConvHelper(DataType dataType) {
        conv = new MKLDNNConvHelper(dataType);
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        return withPlatformKernels(() -> conv.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo,
                convolutionMode, dilation, format, workspaceMgr));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode mode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        return withPlatformKernels(() -> conv.backpropGradient(input, weights, bias, delta, kernel, strides, pad,
                biasGradView, weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                workspaceMgr));
    }

    /** Runs {@code call} with libnd4j's platform (oneDNN) kernels on, then restores the previous setting. */
    private static <T> T withPlatformKernels(Supplier<T> call) {
        Environment env = Nd4j.getEnvironment();
        boolean before = env.helpersAllowed();
        env.allowHelpers(true);
        try {
            return call.get();
        } finally {
            env.allowHelpers(before);
        }
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return conv.activate(z, afn, training);
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return conv.helperMemoryUse();
    }
}

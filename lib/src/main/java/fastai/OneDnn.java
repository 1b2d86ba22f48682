package fastai;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Switches on DL4J's own native convolution and pooling helpers, which DL4J 1.0.0-M2.1 never
 * enables by itself: its availability check looks up a class ({@code org.nd4j.nativeblas.Nd4jCpu$Environment})
 * that the CPU backend no longer has, so every conv layer falls back to the slower Java
 * im2col path. The helpers call libnd4j's {@code conv2d}/pooling ops (oneDNN kernels when the
 * {@code -onednn-avx2} natives are on the classpath).
 *
 * <p>Measured on this 2-core machine (28x28x1 net, batch 64): with the default natives,
 * forward 123 → 288 img/s, training unchanged (~48 img/s); with the onednn-avx2 natives,
 * forward 1368 img/s and training 320 img/s. Outputs and gradients agree with the Java path to
 * ~1e-6 (see {@code OneDnnTest}). Only plain 2-D convolution and subsampling layers on the
 * CPU backend are touched; set {@code -Dfastai.onednn=false} to leave DL4J as it is.
 */
public final class OneDnn {
    private OneDnn() { }

    /** True unless switched off with {@code -Dfastai.onednn=false}, and only on the CPU backend. */
    public static boolean wanted() {
        if ("false".equalsIgnoreCase(System.getProperty("fastai.onednn", "true"))) return false;
        try {
            String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
            return "CPU".equalsIgnoreCase(backend) && Nd4j.getEnvironment().helpersAllowed();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the loaded natives were built with oneDNN (the {@code -onednn} classifiers). */
    public static boolean nativesHaveOneDnn() {
        try {
            return String.valueOf(Nd4j.getBackend().buildInfo()).contains("HAVE_ONEDNN");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Installs the helpers on every plain conv/pooling layer of {@code graph}; returns how many. */
    public static int install(ComputationGraph graph) {
        if (graph == null || !wanted()) return 0;
        int n = installOn(graph.getLayers());
        if (n > 0 && cacheWanted()) setCacheMode(graph, CacheMode.DEVICE);
        return n;
    }

    /** As {@link #install(ComputationGraph)} for a {@link MultiLayerNetwork}; returns how many layers got a helper. */
    public static int install(MultiLayerNetwork net) {
        if (net == null || !wanted()) return 0;
        int n = installOn(net.getLayers());
        if (n > 0 && cacheWanted()) {
            net.getLayerWiseConfigurations().setCacheMode(CacheMode.DEVICE);
            net.setCacheMode(CacheMode.DEVICE);
        }
        return n;
    }

    private static int installOn(Layer[] layers) {
        int n = 0;
        for (Layer l : layers) {
            Layer inner = l;
            while (inner instanceof BaseWrapperLayer w) inner = w.getUnderlying();
            try {
                if (inner.getClass() == ConvolutionLayer.class) {
                    set(ConvolutionLayer.class, inner, new MKLDNNConvHelper(inner.getParam("W").dataType()));
                    n++;
                } else if (inner.getClass() == SubsamplingLayer.class) {
                    set(SubsamplingLayer.class, inner, new MKLDNNSubsamplingHelper(Nd4j.dataType()));
                    n++;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return n;   // a different DL4J version: keep its own path
            }
        }
        return n;
    }

    /**
     * Whether {@link #install} also keeps each conv layer's pre-activation from the forward pass
     * for backprop ({@link CacheMode#DEVICE}; off with {@code -Dfastai.convcache=false}). With
     * DL4J's default {@code CacheMode.NONE} a conv layer with a helper runs its whole forward
     * convolution a second time in {@code backpropGradient}; the cached array lives in the
     * training workspace of the same iteration. Measured here: MNIST CNN training 1.3-1.4x faster.
     */
    public static boolean cacheWanted() {
        return !"false".equalsIgnoreCase(System.getProperty("fastai.convcache", "true"));
    }

    private static void setCacheMode(ComputationGraph graph, CacheMode mode) {
        graph.getConfiguration().setCacheMode(mode);   // makes fit() open the FF_CACHE workspace
        graph.setCacheMode(mode);                      // makes the layers use it
    }

    /** Removes the helpers again (the plain DL4J path), e.g. to compare the two. */
    public static void uninstall(ComputationGraph graph) {
        setCacheMode(graph, CacheMode.NONE);
        for (Layer l : graph.getLayers()) {
            Layer inner = l;
            while (inner instanceof BaseWrapperLayer w) inner = w.getUnderlying();
            try {
                if (inner.getClass() == ConvolutionLayer.class) set(ConvolutionLayer.class, inner, null);
                else if (inner.getClass() == SubsamplingLayer.class) set(SubsamplingLayer.class, inner, null);
            } catch (ReflectiveOperationException | RuntimeException ignored) { }
        }
    }

    private static void set(Class<?> owner, Object layer, Object helper) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField("helper");
        f.setAccessible(true);
        f.set(layer, helper);
    }
}

package fastai.onednn;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs DL4J's convolution layers on oneDNN and leaves every other op to libnd4j's own kernels.
 *
 * <p>DL4J 1.0.0-M2.1 never enables its oneDNN layer helpers by itself: the availability check looks
 * up a class ({@code org.nd4j.nativeblas.Nd4jCpu$Environment}) that the CPU backend no longer has, so
 * every conv layer falls back to the slow Java im2col path. {@link #install} gives each plain 2-D
 * convolution layer our own {@link DnnlConvHelper} (oneDNN through its Java presets, primitives kept per
 * shape; {@link Path#DNNL}, the default) or, with {@code -Dfastai.onednn=libnd4j}, a {@link OneDnnConvHelper}
 * (DL4J's own helper, calling libnd4j's
 * {@code conv2d}/{@code conv2d_bp}, oneDNN kernels with the {@code -onednn-avx2} natives) and then
 * switches libnd4j's platform kernels off for all other ops: oneDNN's NCHW pooling is 3-4x slower
 * than libnd4j's (measured, see {@link OneDnnConvHelper}). Pooling layers need no helper for that.
 *
 * <p>Measured on this 2-core machine, training batch 64 (MNIST CNN) / 32 (150x150 CNN), img/s:
 * DL4J defaults 84 / 6.7; conv and pooling helpers 394 / 29; oneDNN for convolutions only
 * (this class) with {@code OPENBLAS_THREAD_TIMEOUT=4}: see {@code lib/bench/README.md}. Outputs and
 * gradients agree with DL4J's Java path to ~1e-6 ({@code OneDnnTest}, {@code FastPathTest}).
 * Only the CPU backend is touched; {@code -Dfastai.onednn=false} leaves DL4J as it is.
 */
public final class OneDnn {
    private OneDnn() { }

    /** Whether {@link #install} has switched libnd4j's platform kernels off (they stay on inside conv layers). */
    private static volatile boolean platformKernelsOff;

    /**
     * Which convolution path {@link #install} gives DL4J's layers, from {@code -Dfastai.onednn}:
     * {@code dnnl} (the default) our own helpers on oneDNN's presets ({@link Dnnl}), primitives cached per shape;
     * {@code libnd4j} DL4J's oneDNN helper calling libnd4j's per-call wrapper (the path before issue 20);
     * {@code false} DL4J's own Java path. {@code dnnl} falls back to {@code libnd4j} where the presets do not load.
     */
    public enum Path { DNNL, LIBND4J, OFF }

    /** The path asked for with {@code -Dfastai.onednn} (see {@link Path}); unknown values are an error. */
    public static Path path() {
        String v = System.getProperty("fastai.onednn", "dnnl").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "dnnl", "true", "" -> Dnnl.available() ? Path.DNNL : Path.LIBND4J;
            case "libnd4j" -> Path.LIBND4J;
            case "false", "off" -> Path.OFF;
            default -> throw new IllegalArgumentException("-Dfastai.onednn=" + v + ": expected dnnl, libnd4j or false");
        };
    }

    /** True unless switched off with {@code -Dfastai.onednn=false}, and only on the CPU backend. */
    public static boolean wanted() {
        if (path() == Path.OFF) return false;
        try {
            String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
            return "CPU".equalsIgnoreCase(backend) && (platformKernelsOff || Nd4j.getEnvironment().helpersAllowed());
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

    /** Installs the helper on every plain convolution layer of {@code graph}; returns how many. */
    public static int install(ComputationGraph graph) {
        if (graph == null || !wanted()) return 0;
        int n = installOn(graph.getLayers());
        if (n > 0 && cacheWanted()) setCacheMode(graph, CacheMode.DEVICE);
        if (FastLayers.wanted()) FastLayers.swapIn(graph);
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
        if (FastLayers.wanted()) FastLayers.swapIn(net);
        return n;
    }

    private static int installOn(Layer[] layers) {
        int n = 0;
        for (Layer l : layers) {
            Layer inner = l;
            while (inner instanceof BaseWrapperLayer w) inner = w.getUnderlying();
            try {
                if (FastLayers.isPlain(inner, ConvolutionLayer.class)) {
                    setHelper(inner, convHelper((ConvolutionLayer) inner));
                    n++;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                return n;   // a different DL4J version: keep its own path
            }
        }
        if (path() == Path.DNNL) DnnlLayers.installOn(layers);   // max pooling and batch norm: our oneDNN helpers (not counted: n counts conv helpers)
        if (n > 0) {
            platformKernelsOff = true;
            Nd4j.getEnvironment().allowHelpers(false);
            hintBlasThreads();
        }
        return n;
    }

    /** The convolution helper of {@link #path()}: our own on oneDNN's presets, or DL4J's calling libnd4j's wrapper. */
    static org.deeplearning4j.nn.layers.convolution.ConvolutionHelper convHelper(ConvolutionLayer layer) {
        if (path() == Path.DNNL) return new DnnlConvHelper(layer.hasBias(), layer.layerConf().getActivationFn());
        return new OneDnnConvHelper(layer.getParam("W").dataType());
    }

    /**
     * OpenBLAS's worker threads spin for about 0.1 s after every matrix product (2^28 cycles) unless
     * {@code OPENBLAS_THREAD_TIMEOUT} is small, read when the natives load. On 2 cores they then take
     * the CPU from the next convolution's threads: training measured 1.1-1.5x slower (lib/bench/README.md).
     * {@code ./fastai}, the kernel and the tests set it; a plain {@code java} gets this hint once.
     */
    private static void hintBlasThreads() {
        if (System.getenv("OPENBLAS_THREAD_TIMEOUT") == null && !blasHintShown) {
            blasHintShown = true;
            System.err.println("fastai: OPENBLAS_THREAD_TIMEOUT is not set; export OPENBLAS_THREAD_TIMEOUT=4 before "
                    + "starting Java for faster CNN training (BLAS threads otherwise spin and slow the convolutions)");
        }
    }

    private static boolean blasHintShown;

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

    /** Removes the helpers again (DL4J's Java convolution path), e.g. to compare the two. */
    public static void uninstall(ComputationGraph graph) {
        setCacheMode(graph, CacheMode.NONE);
        FastLayers.swapOut(graph);
        DnnlLayers.uninstall(graph.getLayers());
        for (Layer l : graph.getLayers()) {
            Layer inner = l;
            while (inner instanceof BaseWrapperLayer w) inner = w.getUnderlying();
            try {
                if (FastLayers.isPlain(inner, ConvolutionLayer.class)) setHelper(inner, null);
            } catch (ReflectiveOperationException | RuntimeException ignored) { }
        }
    }

    private static void setHelper(Layer convLayer, Object helper) throws ReflectiveOperationException {
        Field f = ConvolutionLayer.class.getDeclaredField("helper");
        f.setAccessible(true);
        f.set(convLayer, helper);
    }
}

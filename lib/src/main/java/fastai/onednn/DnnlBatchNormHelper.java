package fastai.onednn;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation on oneDNN (its Java presets, {@link Dnnl}) for DL4J's {@code BatchNormalization}
 * layer, on convolutional (NCHW or NHWC) and dense input, training and inference.
 *
 * <p>What DL4J 1.0.0-M2.1 expects of a helper, and this one does: dense input arrives reshaped to
 * {@code [N, C, 1, 1]}; a training forward normalises with the batch's mean and biased variance and
 * keeps them ({@link #getMeanCache}, {@link #getVarCache}), from which DL4J's layer itself updates
 * the running statistics in its backward, by decay, as variance or log10 of the standard deviation
 * ({@code useLogStd}); an inference forward gets the running mean and the variance (already converted
 * from log10 std by the layer); the backward gets only the input and the gradient, fills the gamma and
 * beta gradient views and returns the gradient at the input (through the batch statistics, as DL4J's
 * own path). Locked gamma/beta is refused ({@link #checkSupported(double, boolean)}).
 *
 * <p>NCHW images are normalised in oneDNN's channel-blocked layout ({@code nChw16c} on AVX-512, its jit
 * kernel {@code bnorm_jit}), with reorders from and to the plain arrays: oneDNN's plain-NCHW kernel
 * ({@code ncsp_bnorm}) is a scalar loop, measured here slower than DL4J's own ops ([64,32,26,26] training
 * forward + backward: ncsp 77-190 ms, DL4J 124-148 ms, blocked with its four reorders 7 ms, under load 6).
 * Dense input ({@code nc}) and NHWC stay plain. The backward reuses the forward's batch statistics (and its
 * blocked copy of the input, while no other layer has used that scratch since) when it gets the same input
 * (same address and shape), and otherwise computes them again first. Primitives are built once per shape
 * and kept, the blocked buffers are per-thread scratch ({@link DnnlScratch}); the helper belongs to one
 * layer and its methods are synchronized, so nets in different threads never share state. Non-float arrays
 * return null (DL4J's own path runs).
 */
public final class DnnlBatchNormHelper implements BatchNormalizationHelper {
    private static final int FLAGS = dnnl.normalization_flags.use_scale.value | dnnl.normalization_flags.use_shift.value;

    /** One shape's primitives; for NCHW images, oneDNN's blocked buffers and the reorders to and from them. */
    private static final class Prims {
        memory.desc data, channels;
        batch_normalization_forward train, infer;
        batch_normalization_backward bwd;
        /** oneDNN's layout of the data: {@link #data} itself, or a blocked one (buffers in {@link DnnlScratch}). */
        memory.desc onednn;
        boolean blocked;
        reorder toBlocked, toPlain;
        String impl;
    }

    private final Map<String, Prims> prims = new HashMap<>();
    private INDArray meanCache, varCache;
    /** Address and shape of the input whose batch statistics are in the caches, or null. */
    private String statsOf;

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta && Dnnl.available();
    }

    @Override
    public boolean checkSupported() {
        return Dnnl.available();
    }

    @Override
    public synchronized INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                                           INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                                           LayerWorkspaceMgr workspaceMgr) {
        if (!supported(x, gamma, beta, format)) return null;
        if (!Dnnl.plainC(x)) x = x.dup('c');
        Prims p = prims(x.shape(), eps, format);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        long c = channels(x.shape(), format);
        if (training) {
            ensureCaches(c);
            statsOf = key(x);
            try (memory src = Dnnl.wrap(p.data, x); memory dst = Dnnl.wrap(p.data, out);
                 memory srcB = scratch(p, DnnlScratch.SRC); memory dstB = scratch(p, DnnlScratch.DST)) {
                memory d = p.blocked ? dstB : dst;
                forwardTraining(p, toOneDnn(p, src, srcB), d, gamma, beta);
                if (p.blocked) DnnlScratch.mark(DnnlScratch.SRC, this, statsOf);   // the backward may reuse it
                toPlain(p, d, dst);
            }
        } else {
            INDArray m0 = plain(mean), v0 = plain(var), g0 = plain(gamma), b0 = plain(beta);
            try (memory src = Dnnl.wrap(p.data, x); memory dst = Dnnl.wrap(p.data, out);
                 memory srcB = scratch(p, DnnlScratch.SRC); memory dstB = scratch(p, DnnlScratch.DST);
                 memory m = Dnnl.wrap(p.channels, m0); memory v = Dnnl.wrap(p.channels, v0);
                 memory scale = Dnnl.wrap(p.channels, g0); memory shift = Dnnl.wrap(p.channels, b0)) {
                memory d = p.blocked ? dstB : dst;
                Dnnl.run(p.infer, Map.of(dnnl.DNNL_ARG_SRC, toOneDnn(p, src, srcB), dnnl.DNNL_ARG_DST, d,
                        dnnl.DNNL_ARG_MEAN, m, dnnl.DNNL_ARG_VARIANCE, v, dnnl.DNNL_ARG_SCALE, scale, dnnl.DNNL_ARG_SHIFT, shift));
                toPlain(p, d, dst);
            } finally {
                Reference.reachabilityFence(m0);
                Reference.reachabilityFence(v0);
                Reference.reachabilityFence(g0);
                Reference.reachabilityFence(b0);
            }
        }
        Reference.reachabilityFence(x);   // oneDNN held only the addresses of x and of any copies made above
        return out;
    }

    @Override
    public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape,
                                                                  INDArray gamma, INDArray beta, INDArray dGammaView,
                                                                  INDArray dBetaView, double eps, CNN2DFormat format,
                                                                  LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, gamma, beta, format) || epsilon.dataType() != DataType.FLOAT || dGammaView == null) return null;
        if (!Dnnl.plainC(input)) input = input.dup('c');
        if (!Dnnl.plainC(epsilon)) epsilon = epsilon.dup('c');
        Prims p = prims(input.shape(), eps, format);
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        INDArray dGamma = plainOrTemp(dGammaView), dBeta = plainOrTemp(dBetaView), g0 = plain(gamma), b0 = plain(beta);
        try (memory src = Dnnl.wrap(p.data, input); memory diffDst = Dnnl.wrap(p.data, epsilon);
             memory diffSrc = Dnnl.wrap(p.data, epsAtInput); memory scale = Dnnl.wrap(p.channels, g0);
             memory shift = Dnnl.wrap(p.channels, b0); memory diffScale = Dnnl.wrap(p.channels, dGamma);
             memory diffShift = Dnnl.wrap(p.channels, dBeta)) {
            String k = key(input);
            boolean sameInput = meanCache != null && k.equals(statsOf);   // the last training forward's input
            boolean copied = p.blocked && sameInput && DnnlScratch.holds(DnnlScratch.SRC, this, k);
            try (memory srcB = copied ? DnnlScratch.kept(DnnlScratch.SRC, p.onednn) : scratch(p, DnnlScratch.SRC);
                 memory diffDstB = scratch(p, DnnlScratch.DIFF_DST); memory diffSrcB = scratch(p, DnnlScratch.DIFF_SRC)) {
                memory s = copied ? srcB : toOneDnn(p, src, srcB);
                if (!sameInput) {   // its batch statistics, again
                    ensureCaches(channels(input.shape(), format));
                    try (memory scratchDst = DnnlScratch.fresh(DnnlScratch.DST, p.onednn)) {
                        forwardTraining(p, s, scratchDst, gamma, beta);
                    }
                    statsOf = k;
                }
                memory ds = p.blocked ? diffSrcB : diffSrc;
                try (memory m = Dnnl.wrap(p.channels, meanCache); memory v = Dnnl.wrap(p.channels, varCache)) {
                    Map<Integer, memory> args = new HashMap<>();
                    args.put(dnnl.DNNL_ARG_SRC, s);
                    args.put(dnnl.DNNL_ARG_MEAN, m);
                    args.put(dnnl.DNNL_ARG_VARIANCE, v);
                    args.put(dnnl.DNNL_ARG_DIFF_DST, toOneDnn(p, diffDst, diffDstB));
                    args.put(dnnl.DNNL_ARG_SCALE, scale);
                    args.put(dnnl.DNNL_ARG_SHIFT, shift);   // not read, but oneDNN counts the arguments its flags name
                    args.put(dnnl.DNNL_ARG_DIFF_SRC, ds);
                    args.put(dnnl.DNNL_ARG_DIFF_SCALE, diffScale);
                    args.put(dnnl.DNNL_ARG_DIFF_SHIFT, diffShift);
                    Dnnl.run(p.bwd, args);
                }
                toPlain(p, ds, diffSrc);
            }
        }
        Reference.reachabilityFence(input);   // oneDNN held only their addresses
        Reference.reachabilityFence(epsilon);
        Reference.reachabilityFence(g0);
        Reference.reachabilityFence(b0);
        if (dGamma != dGammaView) dGammaView.assign(dGamma.reshape(dGammaView.shape()));
        if (dBeta != dBetaView) dBetaView.assign(dBeta.reshape(dBetaView.shape()));
        Gradient g = new DefaultGradient();
        g.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        g.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(g, epsAtInput);
    }

    /** Normalises {@code src} into {@code dst} with the batch's statistics, which land in the caches. */
    private void forwardTraining(Prims p, memory src, memory dst, INDArray gamma, INDArray beta) {
        INDArray g0 = plain(gamma), b0 = plain(beta);
        try (memory m = Dnnl.wrap(p.channels, meanCache); memory v = Dnnl.wrap(p.channels, varCache);
             memory scale = Dnnl.wrap(p.channels, g0); memory shift = Dnnl.wrap(p.channels, b0)) {
            Dnnl.run(p.train, Map.of(dnnl.DNNL_ARG_SRC, src, dnnl.DNNL_ARG_DST, dst, dnnl.DNNL_ARG_MEAN, m,
                    dnnl.DNNL_ARG_VARIANCE, v, dnnl.DNNL_ARG_SCALE, scale, dnnl.DNNL_ARG_SHIFT, shift));
        } finally {
            Reference.reachabilityFence(g0);
            Reference.reachabilityFence(b0);
        }
    }

    /** This thread's scratch buffer {@code slot} in oneDNN's layout, or null where the primitives use the plain arrays. */
    private static memory scratch(Prims p, int slot) {
        return p.blocked ? DnnlScratch.fresh(slot, p.onednn) : null;
    }

    /** {@code plain} in oneDNN's layout: reordered into {@code blocked} where the primitives use a blocked one. */
    private static memory toOneDnn(Prims p, memory plain, memory blocked) {
        if (!p.blocked) return plain;
        Dnnl.run(p.toBlocked, Map.of(dnnl.DNNL_ARG_FROM, plain, dnnl.DNNL_ARG_TO, blocked));
        return blocked;
    }

    /** Copies {@code result} back to the plain array where the primitives use a blocked layout. */
    private static void toPlain(Prims p, memory result, memory plain) {
        if (p.blocked) Dnnl.run(p.toPlain, Map.of(dnnl.DNNL_ARG_FROM, result, dnnl.DNNL_ARG_TO, plain));
    }

    private static boolean supported(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format) {
        // (DL4J reshapes RNN input [N, C, T] to [1, N, C, T], whose axis 1 is no channel axis: left to DL4J)
        return x.rank() == 4 && x.dataType() == DataType.FLOAT && gamma != null && beta != null
                && gamma.dataType() == DataType.FLOAT && beta.dataType() == DataType.FLOAT
                && gamma.length() == channels(x.shape(), format) && beta.length() == gamma.length();
    }

    private static long channels(long[] shape, CNN2DFormat format) {
        return shape[format == CNN2DFormat.NCHW ? 1 : 3];
    }

    private static String key(INDArray x) {
        return Dnnl.address(x).address() + Arrays.toString(x.shape());
    }

    private static INDArray plain(INDArray a) {
        return Dnnl.plainC(a) ? a : a.dup('c');
    }

    private static INDArray plainOrTemp(INDArray view) {
        return Dnnl.plainC(view) ? view : Nd4j.createUninitializedDetached(DataType.FLOAT, view.length());
    }

    /** The batch statistics' arrays, outside any workspace: DL4J reads them after the backward. */
    private void ensureCaches(long c) {
        if (meanCache != null && meanCache.length() == c) return;
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            meanCache = Nd4j.createUninitialized(DataType.FLOAT, c);
            varCache = Nd4j.createUninitialized(DataType.FLOAT, c);
        }
        statsOf = null;
    }

    private Prims prims(long[] shape, double eps, CNN2DFormat format) {
        String key = Arrays.toString(shape) + eps + format;
        Prims p = prims.get(key);
        if (p != null) return p;
        boolean nchw = format == CNN2DFormat.NCHW;
        long n = shape[0], c = shape[nchw ? 1 : 3], h = shape[nchw ? 2 : 1], w = shape[nchw ? 3 : 2];
        p = new Prims();
        // dense input ([N, C, 1, 1] from DL4J) as the 2-D array it is
        p.data = h * w == 1 ? Dnnl.desc(new long[] {n, c}, memory.format_tag.nc)
                : Dnnl.desc(new long[] {n, c, h, w}, nchw ? memory.format_tag.nchw : memory.format_tag.nhwc);
        p.channels = Dnnl.desc(new long[] {c}, memory.format_tag.x);
        float e = (float) eps;
        engine en = Dnnl.engine();
        // oneDNN's NCHW batch norm (ncsp_bnorm) is a plain C++ loop, slower than DL4J's own ops; its jit kernel
        // works on the channel-blocked layout: images go there and back by reorders (measured 10x faster in all)
        memory.desc onednn = p.data;
        if (nchw && h * w > 1) {
            for (memory.format_tag t : new memory.format_tag[] {memory.format_tag.nChw16c, memory.format_tag.nChw8c}) {
                memory.desc b = Dnnl.desc(new long[] {n, c, h, w}, t);
                try (batch_normalization_forward.primitive_desc probe = new batch_normalization_forward.primitive_desc(
                        new batch_normalization_forward.desc(dnnl.prop_kind.forward_training.value, b, e, FLAGS), en)) {
                    if (!probe.impl_info_str().getString().startsWith("ncsp") && !probe.impl_info_str().getString().startsWith("ref")) {
                        onednn = b;
                        break;
                    }
                } catch (RuntimeException notThere) {
                    // the next layout, or the plain one
                }
            }
        }
        p.blocked = onednn != p.data;
        batch_normalization_forward.primitive_desc trainPd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(dnnl.prop_kind.forward_training.value, onednn, e, FLAGS), en);
        batch_normalization_forward.primitive_desc inferPd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(dnnl.prop_kind.forward_inference.value, onednn, e,
                        FLAGS | dnnl.normalization_flags.use_global_stats.value), en);
        batch_normalization_backward.primitive_desc bwdPd = new batch_normalization_backward.primitive_desc(
                new batch_normalization_backward.desc(dnnl.prop_kind.backward.value, onednn, onednn, e, FLAGS), en, trainPd);
        p.train = new batch_normalization_forward(trainPd);
        p.infer = new batch_normalization_forward(inferPd);
        p.bwd = new batch_normalization_backward(bwdPd);
        p.onednn = onednn;
        if (p.blocked) {
            p.toBlocked = new reorder(new reorder.primitive_desc(en, p.data, en, onednn));
            p.toPlain = new reorder(new reorder.primitive_desc(en, onednn, en, p.data));
        }
        p.impl = trainPd.impl_info_str().getString() + " / " + inferPd.impl_info_str().getString() + " / "
                + bwdPd.impl_info_str().getString() + (p.blocked ? ", blocked layout with reorders" : ", plain layout");
        prims.put(key, p);
        return p;
    }

    /** oneDNN's implementations chosen for the shapes seen so far (training / inference / backward). */
    public synchronized String implementations() {
        return Dnnl.describe(prims, p -> p.impl);
    }

    @Override
    public synchronized INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public synchronized INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public synchronized Map<String, Long> helperMemoryUse() {
        long bytes = meanCache == null ? 0 : 8 * meanCache.length();   // blocked buffers: per-thread scratch (DnnlScratch)
        return Collections.singletonMap("oneDNN batch-norm statistics", bytes);
    }
}

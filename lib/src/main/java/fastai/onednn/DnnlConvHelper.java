package fastai.onednn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D convolution helper of our own on oneDNN's Java presets ({@link Dnnl}), for DL4J's
 * {@code ConvolutionLayer} (NCHW, float). {@link OneDnn#install} sets it on a layer by reflection; it is
 * never part of the configuration, so saved models stay plain DL4J models.
 *
 * <p>What it does that libnd4j's oneDNN wrapper ({@link OneDnnConvHelper}) does not: the primitive
 * descriptors and primitives (forward, backward-data, backward-weights, and every reorder) are made once
 * per shape and kept; the convolutions run in the blocked layouts oneDNN picks for this CPU
 * ({@code format_tag.any}), with NCHW only at the layer's boundary, where DL4J needs it; the forward's
 * blocked copies of the input and the weights are reused by the backward of the same step wherever the
 * backward primitive wants the same layout (a new forward marks a new step; the backward checks it got the
 * same arrays). State (primitives, blocked buffers) is kept per thread, so two nets, or one net, used from
 * two threads do not share buffers. Blocked buffers needed only during a call are one per role and thread,
 * shared by all layers (see {@code Arena}); per layer and shape only the weights, their gradient and, once
 * the layer trains, its blocked input are kept. A plain ReLU is fused into the forward (see {@link #activate}).
 *
 * <p>Measured on the 2-core AMD EPYC (AVX-512) shared machine, oneDNN 2.5.2 chooses {@code jit:avx512_common}
 * for forward, backward-data and backward-weights of every conv of the bench nets, blocked layouts for all
 * but the 1-channel input; backward-weights reuses the forward's blocked input, backward-data wants the
 * weights in another blocking than the forward, so they are reordered once more (at most 150 KB here).
 * One conv layer's forward+backward, minimum of 20 alternated runs under load 3-4, against libnd4j's
 * wrapper ({@link OneDnnConvHelper}): MNIST c2 15.2 vs 24.6 ms (1.6x), 150x150 c1 130 vs 261 ms (2.0x),
 * c2 132 vs 168 ms (1.3x), MiniVgg block 1 76 vs 112 ms (1.5x). Inside the nets the gain is smaller: the
 * four convolutions of an MNIST CNN step (batch 64) take 27 ms against 31 ms, of MiniVgg's 15-16 against
 * 17-18 ms, and the rest of the step (pooling, dense layers, relu_bp, Adam, DL4J) 27-45 ms. Whole training
 * steps, the two paths alternated in one JVM, three runs, speed-up at the median: MNIST CNN 1.02-1.15x,
 * 150x150 CNN 1.40-1.46x, MiniVgg 1.05-1.35x, MNIST with batch norm 1.06-1.17x. DL4J's {@code relu_bp},
 * which still runs before {@link #backpropGradient}, costs 4.0 ms per MNIST step (minimum; oneDNN's relu
 * backward would take 0.7 ms); the fused forward saves DL4J's forward relu (0.4 ms).
 *
 * <p>Inputs that are not NCHW float return {@code null}: DL4J then takes its own Java path.
 */
public final class DnnlConvHelper implements ConvolutionHelper {
    /** Plans kept per thread; a net sees one or two batch sizes (the last, smaller batch), a few spare. */
    private static final int PLANS_PER_THREAD = 4;

    private final boolean hasBias;
    /** The layer's activation is plain ReLU: applied inside the forward convolution (a oneDNN post-op). */
    private final boolean fuseRelu;
    /** The last output of a fused forward on this thread, which {@link #activate} then returns as it is. */
    private final ThreadLocal<INDArray> lastFused = new ThreadLocal<>();
    private final ThreadLocal<Map<Key, Plan>> plans = Dnnl.perThreadLru(PLANS_PER_THREAD);

    /**
     * A helper for one layer: {@code hasBias} is the layer's (DL4J passes a dummy zero bias otherwise), and
     * {@code activation} the layer's; a plain ReLU is fused into the forward unless {@code -Dfastai.dnnl.fuserelu=false}.
     */
    public DnnlConvHelper(boolean hasBias, IActivation activation) {
        this.hasBias = hasBias;
        this.fuseRelu = plainRelu(activation) && !"false".equalsIgnoreCase(System.getProperty("fastai.dnnl.fuserelu"));
    }

    /** Whether this helper's forward returns relu(z) for z (see {@link #activate}). */
    public boolean fusesRelu() {
        return fuseRelu;
    }

    /** What a plan is made for: every shape and setting that changes oneDNN's descriptors. */
    private record Key(long n, long c, long h, long w, long o, long kh, long kw, long sh, long sw,
                       long pt, long pl, long pb, long pr, long dh, long dw, boolean bias, boolean relu) { }

    /** The geometry of one call, as oneDNN wants it. */
    private record Geometry(Key key, long oh, long ow) {
        long[] src() { return new long[] {key.n, key.c, key.h, key.w}; }
        long[] weights() { return new long[] {key.o, key.c, key.kh, key.kw}; }
        long[] dst() { return new long[] {key.n, key.o, oh, ow}; }
        long[] strides() { return new long[] {key.sh, key.sw}; }
        long[] dilation() { return new long[] {key.dh, key.dw}; }
        long[] padL() { return new long[] {key.pt, key.pl}; }
        long[] padR() { return new long[] {key.pb, key.pr}; }
    }

    /**
     * DL4J's padding (top/left; for {@code Same} computed as DL4J does) and the bottom/right padding that
     * gives DL4J's output size: oneDNN checks {@code (in - kernel + padL + padR) / stride + 1 == out}.
     */
    static Geometry geometry(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad,
                             ConvolutionMode mode, int[] dilation, boolean bias, boolean relu) {
        int inH = (int) input.size(2), inW = (int) input.size(3);
        int[] out;
        if (mode == ConvolutionMode.Same) {
            out = ConvolutionUtils.getOutputSize(input, kernel, strides, null, mode, dilation, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {inH, inW}, kernel, strides, dilation);
        } else {
            out = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, mode, dilation, CNN2DFormat.NCHW);
        }
        long padB = padRight(inH, out[0], kernel[0], strides[0], pad[0], dilation[0]);
        long padR = padRight(inW, out[1], kernel[1], strides[1], pad[1], dilation[1]);
        Key k = new Key(input.size(0), input.size(1), inH, inW, weights.size(0), kernel[0], kernel[1],
                strides[0], strides[1], pad[0], pad[1], padB, padR, dilation[0] - 1L, dilation[1] - 1L, bias, relu);
        return new Geometry(k, out[0], out[1]);
    }

    /** Bottom/right padding; a truncating mode may leave a negative value, 0 then gives the same size. */
    private static long padRight(int in, int out, int k, int s, int padL, int d) {
        long span = (long) (k - 1) * d + 1;
        return Math.max(0, (long) (out - 1) * s + span - in - padL);
    }

    /**
     * One shape's primitives and buffers. A "slot" is a plain (NCHW/OIHW/x) memory that wraps an ND4J
     * array for the duration of a call, and, where oneDNN chose another layout, a buffer of that layout
     * with the reorder between the two.
     */
    private static final class Plan {
        final Geometry g;
        final convolution_forward.primitive_desc fwdPd;
        final convolution_forward fwd;
        /** The input's slot: in the shared arena until the first backward, then a buffer of its own kept for it. */
        Slot src;
        final Slot weights, dst;
        final memory bias;
        /** The blocked input and weights hold this step's values (written by a forward, not yet used by a backward). */
        boolean fresh;
        long srcAddress, weightsAddress;

        // backward, made on first use
        convolution_backward_data bwdData;
        convolution_backward_weights bwdWeights;
        Slot diffDstData, diffDstWeights, diffSrc, diffWeights, weightsForData, srcForWeights;
        memory diffBias;
        String bwdDataImpl = "", bwdWeightsImpl = "";

        Plan(Geometry g) {
            this.g = g;
            memory.desc srcAny = anyDesc(g.src()), wAny = anyDesc(g.weights()), dstAny = anyDesc(g.dst());
            memory.desc biasMd = g.key.bias ? Dnnl.desc(new long[] {g.key.o}, memory.format_tag.x) : null;
            convolution_forward.desc d = biasMd == null
                    ? new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                            srcAny, wAny, dstAny, g.strides(), g.dilation(), g.padL(), g.padR())
                    : new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                            srcAny, wAny, biasMd, dstAny, g.strides(), g.dilation(), g.padL(), g.padR());
            if (g.key.relu) {
                post_ops ops = new post_ops();
                ops.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
                primitive_attr attr = new primitive_attr();
                attr.set_post_ops(ops);
                fwdPd = new convolution_forward.primitive_desc(d, attr, Dnnl.engine());
            } else {
                fwdPd = new convolution_forward.primitive_desc(d, Dnnl.engine());
            }
            fwd = new convolution_forward(fwdPd);
            src = new Slot(Dnnl.desc(g.src(), memory.format_tag.nchw), fwdPd.src_desc(), true, Arena.SRC);
            weights = new Slot(Dnnl.desc(g.weights(), memory.format_tag.oihw), fwdPd.weights_desc(), true, Arena.OWN);
            dst = new Slot(Dnnl.desc(g.dst(), memory.format_tag.nchw), fwdPd.dst_desc(), false, Arena.DST);
            bias = biasMd == null ? null : new memory(biasMd, Dnnl.engine(), null);
        }

        void makeBackward() {
            if (bwdData != null) return;
            memory.desc srcAny = anyDesc(g.src()), wAny = anyDesc(g.weights()), dstAny = anyDesc(g.dst());
            convolution_backward_data.desc dd = new convolution_backward_data.desc(dnnl.algorithm.convolution_direct,
                    srcAny, wAny, dstAny, g.strides(), g.dilation(), g.padL(), g.padR());
            convolution_backward_data.primitive_desc dataPd = new convolution_backward_data.primitive_desc(dd, Dnnl.engine(), fwdPd);
            memory.desc biasMd = g.key.bias ? Dnnl.desc(new long[] {g.key.o}, memory.format_tag.x) : null;
            convolution_backward_weights.desc wd = biasMd == null
                    ? new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct,
                            srcAny, wAny, dstAny, g.strides(), g.dilation(), g.padL(), g.padR())
                    : new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct,
                            srcAny, wAny, biasMd, dstAny, g.strides(), g.dilation(), g.padL(), g.padR());
            convolution_backward_weights.primitive_desc wPd = new convolution_backward_weights.primitive_desc(wd, Dnnl.engine(), fwdPd);

            memory.desc plainDst = Dnnl.desc(g.dst(), memory.format_tag.nchw);
            diffDstData = new Slot(plainDst, dataPd.diff_dst_desc(), true, Arena.DST);
            diffDstWeights = wPd.diff_dst_desc().equals(dataPd.diff_dst_desc()) ? diffDstData
                    : new Slot(plainDst, wPd.diff_dst_desc(), true, Arena.DIFF_DST_WEIGHTS);
            diffSrc = new Slot(Dnnl.desc(g.src(), memory.format_tag.nchw), dataPd.diff_src_desc(), false, Arena.DIFF_SRC);
            diffWeights = new Slot(Dnnl.desc(g.weights(), memory.format_tag.oihw), wPd.diff_weights_desc(), false, Arena.OWN);
            weightsForData = dataPd.weights_desc().equals(fwdPd.weights_desc()) ? weights
                    : new Slot(Dnnl.desc(g.weights(), memory.format_tag.oihw), dataPd.weights_desc(), true, Arena.OWN);
            if (wPd.src_desc().equals(fwdPd.src_desc())) {
                // A layer that trains keeps its blocked input from the forward to the backward (a buffer of its own).
                src = new Slot(Dnnl.desc(g.src(), memory.format_tag.nchw), fwdPd.src_desc(), true, Arena.OWN);
                srcForWeights = src;
                fresh = false;
            } else {
                srcForWeights = new Slot(Dnnl.desc(g.src(), memory.format_tag.nchw), wPd.src_desc(), true, Arena.SRC);
            }
            diffBias = biasMd == null ? null : new memory(biasMd, Dnnl.engine(), null);
            bwdDataImpl = dataPd.impl_info_str().getString();
            bwdWeightsImpl = wPd.impl_info_str().getString();
            bwdWeights = new convolution_backward_weights(wPd);
            bwdData = new convolution_backward_data(dataPd);
        }

        long bufferBytes() {
            long b = 0;
            for (Slot s : new Slot[] {src, weights, diffWeights, weightsForData}) {
                if (s != null && s.blocked != null && s.region == Arena.OWN) b += s.bytes;
            }
            return b;
        }
    }

    private static memory.desc anyDesc(long[] dims) {
        return Dnnl.desc(dims, memory.format_tag.any);
    }

    /**
     * Blocked buffers that live only during one call (the output, the gradients, the input of a layer that
     * does not train) are shared by every helper on a thread: one buffer per role, grown to the largest layer.
     * Only the weights, their gradient and a training layer's input have buffers of their own per shape, so a
     * big net (VGG16 at 224x224) does not hold a blocked copy of every activation.
     */
    private static final class Arena {
        static final int OWN = -1, SRC = 0, DST = 1, DIFF_DST_WEIGHTS = 2, DIFF_SRC = 3;
        private static final ThreadLocal<Arena> THIS_THREAD = ThreadLocal.withInitial(Arena::new);
        private final memory[] buffers = new memory[4];
        private final org.bytedeco.javacpp.Pointer[] handles = new org.bytedeco.javacpp.Pointer[4];
        private final long[] sizes = new long[4];

        /** This thread's buffer for {@code region}, at least {@code bytes} long (64-byte aligned, oneDNN's). */
        static org.bytedeco.javacpp.Pointer buffer(int region, long bytes) {
            Arena a = THIS_THREAD.get();
            if (a.sizes[region] < bytes) {
                if (a.buffers[region] != null) a.buffers[region].close();   // unused now: a thread's calls run one at a time
                a.buffers[region] = new memory(Dnnl.desc(new long[] {(bytes + 3) / 4}, memory.format_tag.x), Dnnl.engine());
                a.handles[region] = a.buffers[region].get_data_handle();
                a.sizes[region] = bytes;
            }
            return a.handles[region];
        }
    }

    /**
     * A plain memory wrapping an ND4J array, and where oneDNN wants another layout, a buffer in that layout
     * (its own, or this thread's arena buffer for {@code region}) with the reorder from (input) or to (output)
     * the plain one.
     */
    private static final class Slot {
        final memory plain;
        final memory blocked;       // null when oneDNN's layout is the plain one
        final reorder convert;      // plain -> blocked (input) or blocked -> plain (output)
        final int region;
        final long bytes;

        Slot(memory.desc plainMd, memory.desc chosen, boolean input, int region) {
            this.region = region;
            this.bytes = chosen.get_size();
            plain = new memory(plainMd, Dnnl.engine(), null);
            if (chosen.equals(plainMd)) {
                blocked = null;
                convert = null;
            } else {
                blocked = region == Arena.OWN ? new memory(chosen, Dnnl.engine()) : new memory(chosen, Dnnl.engine(), null);
                convert = input ? new reorder(plain, blocked) : new reorder(blocked, plain);
            }
        }

        /** The memory the primitive reads or writes. */
        memory inner() {
            return blocked != null ? blocked : plain;
        }

        /** Points the plain memory at {@code a} (and a shared blocked buffer at this thread's arena). */
        void wrap(INDArray a) {
            plain.set_data_handle(Dnnl.address(a));
            if (blocked != null && region != Arena.OWN) blocked.set_data_handle(Arena.buffer(region, bytes));
        }

        /** Copies the wrapped array into the blocked buffer (an input slot). */
        void load() {
            if (convert != null) Dnnl.run(convert, Map.of(dnnl.DNNL_ARG_FROM, plain, dnnl.DNNL_ARG_TO, blocked));
        }

        /** Copies the blocked buffer into the wrapped array (an output slot). */
        void store() {
            if (convert != null) Dnnl.run(convert, Map.of(dnnl.DNNL_ARG_FROM, blocked, dnnl.DNNL_ARG_TO, plain));
        }
    }

    private Plan plan(Geometry g) {
        Map<Key, Plan> m = plans.get();
        Plan p = m.get(g.key);
        if (p == null) {
            p = new Plan(g);
            m.put(g.key, p);
        }
        return p;
    }

    private static boolean supported(INDArray input, INDArray weights, CNN2DFormat format) {
        return format == CNN2DFormat.NCHW && input.dataType() == DataType.FLOAT && weights.dataType() == DataType.FLOAT
                && input.rank() == 4 && Dnnl.available();
    }

    private static INDArray dense(INDArray a) {
        return Dnnl.plainC(a) ? a : a.dup('c');
    }

    private static long address(INDArray a) {
        return Dnnl.address(a).address();
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, weights, format)) return null;
        Geometry g = geometry(input, weights, kernel, strides, pad, convolutionMode, dilation, hasBias, fuseRelu);
        Plan p = plan(g);
        INDArray x = dense(input), w = dense(weights);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, g.dst(), 'c');

        p.src.wrap(x);
        p.src.load();
        p.weights.wrap(w);
        p.weights.load();           // the backward of this step reuses it where it wants the same layout
        p.dst.wrap(out);
        Map<Integer, memory> args = new HashMap<>();
        args.put(dnnl.DNNL_ARG_SRC, p.src.inner());
        args.put(dnnl.DNNL_ARG_WEIGHTS, p.weights.inner());
        args.put(dnnl.DNNL_ARG_DST, p.dst.inner());
        if (p.bias != null) {
            INDArray b = dense(bias);
            p.bias.set_data_handle(Dnnl.address(b));
            args.put(dnnl.DNNL_ARG_BIAS, p.bias);
        }
        Dnnl.run(p.fwd, args);
        p.dst.store();
        p.fresh = true;
        p.srcAddress = address(x);
        p.weightsAddress = address(w);
        if (fuseRelu) lastFused.set(out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode mode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, weights, format)) return null;
        Geometry g = geometry(input, weights, kernel, strides, pad, convolutionMode, dilation, hasBias, fuseRelu);
        if (delta.size(2) != g.oh || delta.size(3) != g.ow) {
            throw new IllegalStateException("epsilon " + Arrays.toString(delta.shape()) + " does not match the output size "
                    + g.oh + "x" + g.ow + " of this convolution");
        }
        Plan p = plan(g);
        p.makeBackward();
        INDArray x = dense(input), w = dense(weights), dz = dense(delta);
        INDArray eps = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');

        // The forward of this step left the blocked weights (and a training layer's input); reuse them unless
        // this backward got other arrays than that forward.
        boolean reuseWeights = p.fresh && p.weightsAddress == address(w) && p.weightsForData == p.weights;
        boolean reuseSrc = p.fresh && p.srcAddress == address(x) && p.srcForWeights == p.src && p.src.region == Arena.OWN;
        p.fresh = false;
        if (!reuseWeights) {
            p.weightsForData.wrap(w);
            p.weightsForData.load();
        }
        if (!reuseSrc) {
            p.srcForWeights.wrap(x);
            p.srcForWeights.load();
        }
        p.diffDstData.wrap(dz);
        p.diffDstData.load();
        if (p.diffDstWeights != p.diffDstData) {
            p.diffDstWeights.wrap(dz);
            p.diffDstWeights.load();
        }

        p.diffSrc.wrap(eps);
        Dnnl.run(p.bwdData, Map.of(dnnl.DNNL_ARG_DIFF_DST, p.diffDstData.inner(),
                dnnl.DNNL_ARG_WEIGHTS, p.weightsForData.inner(), dnnl.DNNL_ARG_DIFF_SRC, p.diffSrc.inner()));
        p.diffSrc.store();

        INDArray wGrad = Dnnl.plainC(weightGradView) ? weightGradView : weightGradView.ulike().dup('c');
        p.diffWeights.wrap(wGrad);
        Map<Integer, memory> args = new HashMap<>();
        args.put(dnnl.DNNL_ARG_SRC, p.srcForWeights.inner());
        args.put(dnnl.DNNL_ARG_DIFF_DST, p.diffDstWeights.inner());
        args.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, p.diffWeights.inner());
        INDArray bGrad = null;
        if (p.diffBias != null) {
            bGrad = Dnnl.plainC(biasGradView) ? biasGradView : biasGradView.ulike().dup('c');
            p.diffBias.set_data_handle(Dnnl.address(bGrad));
            args.put(dnnl.DNNL_ARG_DIFF_BIAS, p.diffBias);
        }
        Dnnl.run(p.bwdWeights, args);
        p.diffWeights.store();
        if (wGrad != weightGradView) weightGradView.assign(wGrad);
        if (bGrad != null && bGrad != biasGradView) biasGradView.assign(bGrad);

        Gradient grad = new DefaultGradient();
        if (hasBias) grad.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        grad.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        return new Pair<>(grad, eps);
    }

    /**
     * With ReLU fused, the forward already returned relu(z): that array is the activation as it is. DL4J keeps
     * it as the layer's pre-activation for backprop too, where ReLU's derivative of relu(z) equals that of z
     * (1 where positive, 0 elsewhere), so gradients are unchanged. Anything else: null, DL4J applies {@code afn}.
     */
    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        INDArray fused = lastFused.get();
        lastFused.remove();
        return fuseRelu && fused == z && plainRelu(afn) ? z : null;
    }

    /** oneDNN's ReLU backward from the output for one output shape, with memory objects pointed at each call's arrays. */
    private static final class ReluPlan {
        final eltwise_backward bwd;
        final memory dst, diffDst, diffSrc;

        ReluPlan(long[] shape) {
            memory.desc md = Dnnl.desc(shape, memory.format_tag.nchw);
            eltwise_forward.primitive_desc hint = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                    dnnl.prop_kind.forward_training, dnnl.algorithm.eltwise_relu_use_dst_for_bwd, md, 0f, 0f), Dnnl.engine());
            bwd = new eltwise_backward(new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                    dnnl.algorithm.eltwise_relu_use_dst_for_bwd, md, md, 0f, 0f), Dnnl.engine(), hint));
            dst = new memory(md, Dnnl.engine(), null);
            diffDst = new memory(md, Dnnl.engine(), null);
            diffSrc = new memory(md, Dnnl.engine(), null);
        }
    }

    private final ThreadLocal<Map<List<Long>, ReluPlan>> reluPlans = Dnnl.perThreadLru(PLANS_PER_THREAD);

    /**
     * ReLU's derivative applied to {@code epsilon}: {@code epsilon * (out > 0)} in a new array, where {@code out}
     * is the fused forward's output relu(z) (or z itself: the signs are the same). This is DL4J's {@code relu_bp},
     * which its layer runs before calling the helper, done by oneDNN (see {@link fastai.onednn.layers.ConvolutionLayer}).
     */
    public INDArray reluBackward(INDArray out, INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!Arrays.equals(out.shape(), epsilon.shape()) || out.rank() != 4) {
            throw new IllegalArgumentException("ReLU backward: output " + Arrays.toString(out.shape()) + " and epsilon "
                    + Arrays.toString(epsilon.shape()) + " must be the same 4-D shape");
        }
        INDArray y = dense(out), e = dense(epsilon);
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, y.shape(), 'c');
        ReluPlan p = reluPlans.get().computeIfAbsent(Arrays.stream(y.shape()).boxed().toList(), k -> new ReluPlan(y.shape()));
        try {
            p.dst.set_data_handle(Dnnl.address(y));
            p.diffDst.set_data_handle(Dnnl.address(e));
            p.diffSrc.set_data_handle(Dnnl.address(delta));
            Dnnl.run(p.bwd, Map.of(dnnl.DNNL_ARG_DST, p.dst, dnnl.DNNL_ARG_DIFF_DST, p.diffDst, dnnl.DNNL_ARG_DIFF_SRC, p.diffSrc));
        } finally {
            java.lang.ref.Reference.reachabilityFence(y);
            java.lang.ref.Reference.reachabilityFence(e);
        }
        return delta;
    }

    /** The oneDNN implementations chosen on this thread for the last shapes seen, e.g. "jit:avx512_common" (for tests and notes). */
    public Map<String, String> implementations() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Plan p : plans.get().values()) {
            String k = Arrays.toString(p.g.src()) + " * " + Arrays.toString(p.g.weights());
            m.put(k, "fwd " + p.fwdPd.impl_info_str().getString()
                    + (p.bwdData == null ? "" : ", bwd data " + p.bwdDataImpl + ", bwd weights " + p.bwdWeightsImpl)
                    + ", blocked src " + (p.src.blocked != null) + " weights " + (p.weights.blocked != null)
                    + " dst " + (p.dst.blocked != null)
                    + (p.bwdData == null ? "" : ", backward reuses the forward's blocked weights " + (p.weightsForData == p.weights)
                            + " and input " + (p.srcForWeights == p.src) + ", one diff_dst layout " + (p.diffDstWeights == p.diffDstData)));
        }
        return m;
    }

    /** How many shapes this thread has primitives for. */
    int plansOnThisThread() {
        return plans.get().size();
    }

    @Override
    public boolean checkSupported() {
        return Dnnl.available();
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        long b = 0;
        for (Plan p : plans.get().values()) b += p.bufferBytes();
        return Map.of("oneDNN blocked buffers (this thread)", b);
    }

    /** Plain ReLU (no threshold, slope or maximum): the one activation whose fused form this helper knows. */
    static boolean plainRelu(IActivation afn) {
        return new ActivationReLU().equals(afn);
    }
}

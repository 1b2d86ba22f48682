package fastai.onednn;

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.global.dnnl;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling on oneDNN (its Java presets, {@link Dnnl}) for DL4J's {@code SubsamplingLayer}: the
 * backward scatters the gradient through the forward's argmax (oneDNN's workspace) instead of
 * searching every window for its maximum again, as libnd4j's {@code maxpool2d_bp} does.
 *
 * <p>DL4J 1.0.0-M2.1's {@code SubsamplingLayer.activate} never calls its helper (its forward always
 * runs libnd4j's {@code maxpool2d}); only {@code backpropGradient} does. Our subclass of the layer
 * ({@link fastai.onednn.layers.SubsamplingLayer}, put in by {@link OneDnn#install}) sends the forward
 * through {@link #activate} too, which keeps the argmax (oneDNN's workspace, this layer's own, one per shape)
 * for the backward on the same input array. A backward without that forward (DL4J's own layer class, or
 * another input since) runs oneDNN's forward again for the argmax: still faster than libnd4j's search (below).
 *
 * <p>The pooling itself runs in oneDNN's channel-blocked layout ({@code nChw16c} on AVX-512; its pooling
 * takes no {@code format_tag.any} for the source), with reorders from and to the layers' plain NCHW (or
 * NHWC) arrays. On plain NCHW oneDNN's pooling is slower than libnd4j's (it transposes inside each call,
 * or falls back to its reference {@code simple_nchw} kernel for large images); measured here on
 * [64,32,24,24] -> 12x12 (forward again + backward, 2-core EPYC under load 6-7, indicative): plain NCHW
 * 18.6 ms, blocked with its three reorders 3.9 ms, libnd4j's {@code maxpool2d_bp} 13.3 ms; on
 * [32,32,148,148] 24-57 ms against 114-196 ms. Primitives are built once per shape and kept by this helper;
 * the blocked buffers are per-thread scratch ({@link DnnlScratch}). A helper belongs to
 * one layer of one net and its methods are synchronized, so nets in different threads share no state.
 * Average, sum and p-norm pooling, dilation and non-float arrays return null: DL4J's own path runs.
 */
public final class DnnlPoolingHelper implements SubsamplingHelper {
    /** One shape's primitives, reorders and the descriptors of its blocked buffers (in {@link DnnlScratch}). */
    private static final class Prims {
        memory.desc src, dst, srcB, dstB, diffDstB, diffSrcB, ws;
        pooling_forward fwd;
        pooling_backward bwd;
        reorder toBlockedSrc, toBlockedDst, toPlainSrc, toPlainDst;
        String impl;
        /** Memory objects over each call's arrays (plain) and this thread's scratch (blocked), pointed anew each call. */
        memory src0, dst0, diffDst0, diffSrc0, srcB0, dstB0, diffDstB0, diffSrcB0;
        /** The argmax of this layer's last forward for this shape: the layer's own (small: one byte or int per output). */
        private memory workspace;

        memory workspace() {
            if (workspace == null) workspace = new memory(ws, Dnnl.engine());
            return workspace;
        }
    }

    private final Map<String, Prims> prims = new HashMap<>();
    /** The input of the last forward through {@link #activate}, whose argmax may still be in the workspace slot. */
    private INDArray wsInput;
    /** The shape whose workspace holds that argmax. */
    private Prims wsFor;
    /** How many backwards found their forward's argmax, and how many had to pool again (for tests). */
    private int backwardsFromItsForward, backwardsPoolingAgain;

    /** {backwards that used their forward's argmax, backwards that pooled again to find it}. */
    synchronized int[] backwardCounts() {
        return new int[] {backwardsFromItsForward, backwardsPoolingAgain};
    }

    @Override
    public synchronized INDArray activate(INDArray input, boolean training, int[] kernel, int[] strides, int[] pad,
                                          PoolingType poolingType, ConvolutionMode convolutionMode, int[] dilation,
                                          CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, poolingType, dilation)) return null;
        boolean nchw = format == CNN2DFormat.NCHW;
        int inH = (int) input.size(nchw ? 2 : 1), inW = (int) input.size(nchw ? 3 : 2);
        int[] outSize;
        if (convolutionMode == ConvolutionMode.Same) {
            outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, null, convolutionMode, dilation, format);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {inH, inW}, kernel, strides, dilation);
        } else {
            outSize = ConvolutionUtils.getOutputSize(input, kernel, strides, pad, convolutionMode, dilation, format);
        }
        Prims p = prims(input.shape(), outSize, kernel, strides, pad, format);
        if (!Dnnl.plainC(input)) input = input.dup('c');
        long[] outShape = nchw ? new long[] {input.size(0), input.size(1), outSize[0], outSize[1]}
                : new long[] {input.size(0), outSize[0], outSize[1], input.size(3)};
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, outShape, 'c');
        try {
            memory src = at(p.src0, Dnnl.address(input)), dst = at(p.dst0, Dnnl.address(out));
            memory dstB = at(p.dstB0, DnnlScratch.address(DnnlScratch.DST, p.dstB));
            forward(p, src, dstB, p.workspace());
            Dnnl.run(p.toPlainDst, Map.of(dnnl.DNNL_ARG_FROM, dstB, dnnl.DNNL_ARG_TO, dst));
        } finally {
            Reference.reachabilityFence(input);   // oneDNN holds only its address: no GC of a copy made here meanwhile
        }
        wsInput = input;
        wsFor = p;
        return out;
    }

    @Override
    public synchronized Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, int[] kernel,
                                                                  int[] strides, int[] pad, PoolingType poolingType,
                                                                  ConvolutionMode convolutionMode, int[] dilation,
                                                                  CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, poolingType, dilation) || epsilon.dataType() != DataType.FLOAT) return null;
        boolean nchw = format == CNN2DFormat.NCHW;
        int[] outSize = {(int) epsilon.size(nchw ? 2 : 1), (int) epsilon.size(nchw ? 3 : 2)};
        if (convolutionMode == ConvolutionMode.Same) {   // the layer passes the top-left padding already; activate() does not
            int[] inSize = {(int) input.size(nchw ? 2 : 1), (int) input.size(nchw ? 3 : 2)};
            pad = ConvolutionUtils.getSameModeTopLeftPadding(outSize, inSize, kernel, strides, dilation);
        }
        Prims p = prims(input.shape(), outSize, kernel, strides, pad, format);
        boolean haveWorkspace = wsInput == input && wsFor == p && Dnnl.plainC(input);
        wsInput = null;   // a workspace serves one backward
        wsFor = null;
        if (haveWorkspace) backwardsFromItsForward++;
        else backwardsPoolingAgain++;
        if (!Dnnl.plainC(input)) input = input.dup('c');
        if (!Dnnl.plainC(epsilon)) epsilon = epsilon.dup('c');
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        try {
            memory src = at(p.src0, Dnnl.address(input)), diffDst = at(p.diffDst0, Dnnl.address(epsilon));
            memory diffSrc = at(p.diffSrc0, Dnnl.address(epsAtInput));
            memory diffDstB = at(p.diffDstB0, DnnlScratch.address(DnnlScratch.DIFF_DST, p.diffDstB));
            memory diffSrcB = at(p.diffSrcB0, DnnlScratch.address(DnnlScratch.DIFF_SRC, p.diffSrcB));
            memory ws = p.workspace();
            if (!haveWorkspace) {   // the argmax of this input
                forward(p, src, at(p.dstB0, DnnlScratch.address(DnnlScratch.DST, p.dstB)), ws);
            }
            Dnnl.run(p.toBlockedDst, Map.of(dnnl.DNNL_ARG_FROM, diffDst, dnnl.DNNL_ARG_TO, diffDstB));
            Dnnl.run(p.bwd, Map.of(dnnl.DNNL_ARG_DIFF_DST, diffDstB, dnnl.DNNL_ARG_DIFF_SRC, diffSrcB,
                    dnnl.DNNL_ARG_WORKSPACE, ws));
            Dnnl.run(p.toPlainSrc, Map.of(dnnl.DNNL_ARG_FROM, diffSrcB, dnnl.DNNL_ARG_TO, diffSrc));
        } finally {
            Reference.reachabilityFence(input);   // oneDNN holds only their addresses
            Reference.reachabilityFence(epsilon);
        }
        return new Pair<>(new DefaultGradient(), epsAtInput);
    }

    /** Pools plain {@code src} into the blocked {@code dstB}, leaving its argmax in {@code ws}. */
    private static void forward(Prims p, memory src, memory dstB, memory ws) {
        memory srcB = at(p.srcB0, DnnlScratch.address(DnnlScratch.SRC, p.srcB));
        Dnnl.run(p.toBlockedSrc, Map.of(dnnl.DNNL_ARG_FROM, src, dnnl.DNNL_ARG_TO, srcB));
        Dnnl.run(p.fwd, Map.of(dnnl.DNNL_ARG_SRC, srcB, dnnl.DNNL_ARG_DST, dstB, dnnl.DNNL_ARG_WORKSPACE, ws));
    }

    /** {@code m} pointed at {@code address} (no allocation: a new JavaCPP object costs a memory-use query). */
    private static memory at(memory m, org.bytedeco.javacpp.Pointer address) {
        m.set_data_handle(address);
        return m;
    }

    private static boolean supported(INDArray input, PoolingType type, int[] dilation) {
        return type == PoolingType.MAX && input.rank() == 4 && input.dataType() == DataType.FLOAT
                && (dilation == null || (dilation[0] == 1 && dilation[1] == 1));
    }

    /** The primitives for one input shape and pooling geometry, built on first use. */
    private Prims prims(long[] inShape, int[] outSize, int[] kernel, int[] strides, int[] pad, CNN2DFormat format) {
        String key = Arrays.toString(inShape) + Arrays.toString(outSize) + Arrays.toString(kernel)
                + Arrays.toString(strides) + Arrays.toString(pad) + format;
        Prims p = prims.get(key);
        if (p != null) return p;
        boolean nchw = format == CNN2DFormat.NCHW;
        long n = inShape[0], c = inShape[nchw ? 1 : 3], h = inShape[nchw ? 2 : 1], w = inShape[nchw ? 3 : 2];
        memory.format_tag tag = nchw ? memory.format_tag.nchw : memory.format_tag.nhwc;
        p = new Prims();
        p.src = Dnnl.desc(new long[] {n, c, h, w}, tag);
        p.dst = Dnnl.desc(new long[] {n, c, outSize[0], outSize[1]}, tag);
        long[] k = {kernel[0], kernel[1]}, s = {strides[0], strides[1]}, padL = {pad[0], pad[1]};
        // oneDNN wants the bottom-right padding that makes (in - k + padL + padR) / s + 1 == out
        long[] padR = {Math.max(0, (outSize[0] - 1L) * s[0] + k[0] - h - padL[0]),
                Math.max(0, (outSize[1] - 1L) * s[1] + k[1] - w - padL[1])};
        engine e = Dnnl.engine();
        // oneDNN's pooling takes no format_tag.any for its source: the channel-blocked layout of AVX-512, else AVX2's
        pooling_forward.primitive_desc fwdPd = null;
        pooling_backward.primitive_desc bwdPd = null;
        for (memory.format_tag blocked : new memory.format_tag[] {memory.format_tag.nChw16c, memory.format_tag.nChw8c, tag}) {
            memory.desc srcB = Dnnl.desc(new long[] {n, c, h, w}, blocked);
            memory.desc dstB = Dnnl.desc(new long[] {n, c, outSize[0], outSize[1]}, blocked);
            try {
                fwdPd = new pooling_forward.primitive_desc(new pooling_forward.desc(dnnl.prop_kind.forward_training,
                        dnnl.algorithm.pooling_max, srcB, dstB, s, k, padL, padR), e);
                bwdPd = new pooling_backward.primitive_desc(new pooling_backward.desc(
                        dnnl.algorithm.pooling_max, srcB, dstB, s, k, padL, padR), e, fwdPd);
                break;
            } catch (RuntimeException unsupported) {
                if (blocked == tag) throw unsupported;
            }
        }
        p.fwd = new pooling_forward(fwdPd);
        p.bwd = new pooling_backward(bwdPd);
        p.srcB = fwdPd.src_desc();
        p.dstB = fwdPd.dst_desc();
        p.diffSrcB = bwdPd.diff_src_desc();
        p.diffDstB = bwdPd.diff_dst_desc();
        p.ws = fwdPd.workspace_desc();
        p.src0 = new memory(p.src, e, null);
        p.dst0 = new memory(p.dst, e, null);
        p.diffDst0 = new memory(p.dst, e, null);
        p.diffSrc0 = new memory(p.src, e, null);
        p.srcB0 = new memory(p.srcB, e, null);
        p.dstB0 = new memory(p.dstB, e, null);
        p.diffDstB0 = new memory(p.diffDstB, e, null);
        p.diffSrcB0 = new memory(p.diffSrcB, e, null);
        p.toBlockedSrc = new reorder(new reorder.primitive_desc(e, p.src, e, fwdPd.src_desc()));
        p.toPlainDst = new reorder(new reorder.primitive_desc(e, fwdPd.dst_desc(), e, p.dst));
        p.toBlockedDst = new reorder(new reorder.primitive_desc(e, p.dst, e, bwdPd.diff_dst_desc()));
        p.toPlainSrc = new reorder(new reorder.primitive_desc(e, bwdPd.diff_src_desc(), e, p.src));
        p.impl = fwdPd.impl_info_str().getString() + " / " + bwdPd.impl_info_str().getString()
                + (fwdPd.src_desc().equals(p.src) ? ", plain layout" : ", blocked layout with reorders");
        prims.put(key, p);
        return p;
    }

    /** oneDNN's implementations chosen for the shapes seen so far (forward / backward), e.g. for a report. */
    public synchronized String implementations() {
        return Dnnl.describe(prims, p -> p.impl);
    }

    @Override
    public synchronized Map<String, Long> helperMemoryUse() {
        long b = 0;   // the argmax workspaces are this layer's; the blocked buffers are per-thread scratch (DnnlScratch)
        for (Prims p : prims.values()) if (p.workspace != null) b += p.ws.get_size();
        return Map.of("oneDNN max-pooling workspaces", b);
    }

    @Override
    public boolean checkSupported() {
        return Dnnl.available();
    }
}

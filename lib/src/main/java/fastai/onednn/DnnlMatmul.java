package fastai.onednn;

import java.lang.ref.Reference;
import java.util.HashMap;
import java.util.Map;

import org.bytedeco.dnnl.matmul;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.global.dnnl;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three matrix products of a dense layer (forward, weight gradient, input gradient) on oneDNN's
 * {@code matmul}, for {@link fastai.onednn.layers.DenseLayer} and {@link fastai.onednn.layers.OutputLayer}.
 *
 * <p>Why not ND4J's {@code mmul}: inside a training step its products run on OpenBLAS's own threads, which on
 * 2 cores take turns with the OpenMP threads of the convolutions just before. Measured on the MNIST CNN (2-core
 * AMD EPYC, AVX-512): its 1024x512 dense layer took 11-13 ms per step, the same products timed alone 2.5 ms,
 * and on oneDNN, which runs on the convolutions' own threads, 3 ms in the training step.
 *
 * <p>Layouts: DL4J keeps the weights {@code [nIn, nOut]} in 'f' order (oneDNN's {@code ba}), the input and the
 * output in 'c' order ({@code ab}). The weight gradient is computed transposed, {@code delta^T x}: oneDNN's fast
 * kernels want a plain destination, and {@code [nOut, nIn]} in 'c' order is DL4J's 'f'-order gradient view itself.
 * One instance belongs to one layer; its primitives are kept per thread and batch size (a few).
 */
public final class DnnlMatmul {
    private static final int SHAPES = 4;

    /** One batch size's primitives, and memory objects over no data yet, pointed at the arrays of each call. */
    private static final class Plan {
        final matmul forward, weightGrad, inputGrad;
        final Slot x, w, b, y, deltaT, wGradT, delta, wT, eps;

        Plan(long batch, long nIn, long nOut, boolean bias) {
            memory.desc xd = desc(batch, nIn, memory.format_tag.ab), wd = desc(nIn, nOut, memory.format_tag.ba);
            memory.desc bd = bias ? desc(1, nOut, memory.format_tag.ab) : null, yd = desc(batch, nOut, memory.format_tag.ab);
            memory.desc deltaTd = desc(nOut, batch, memory.format_tag.ba), wGradTd = desc(nOut, nIn, memory.format_tag.ab);
            memory.desc wTd = desc(nOut, nIn, memory.format_tag.ab);
            forward = new matmul(new matmul.primitive_desc(bd == null ? new matmul.desc(xd, wd, yd) : new matmul.desc(xd, wd, bd, yd), Dnnl.engine()));
            weightGrad = new matmul(new matmul.primitive_desc(new matmul.desc(deltaTd, xd, wGradTd), Dnnl.engine()));
            inputGrad = new matmul(new matmul.primitive_desc(new matmul.desc(yd, wTd, xd), Dnnl.engine()));
            x = new Slot(xd);
            w = new Slot(wd);
            b = bd == null ? null : new Slot(bd);
            y = new Slot(yd);
            deltaT = new Slot(deltaTd);
            wGradT = new Slot(wGradTd);
            delta = new Slot(yd);
            wT = new Slot(wTd);
            eps = new Slot(xd);
        }
    }

    /** Per thread (a plan's memory objects are pointed at one call's arrays), a few batch sizes each. */
    private final ThreadLocal<Map<Long, Plan>> plans = Dnnl.perThreadLru(SHAPES);

    /**
     * Whether a dense layer with input {@code x} and weights {@code w} can take this path: 2-D float, DL4J's 'f'-order
     * weights, no layer norm and no mask (those stay on DL4J's own path).
     */
    public static boolean supports(INDArray x, INDArray w, boolean layerNorm, INDArray mask) {
        return !layerNorm && mask == null && x != null && w != null && x.rank() == 2 && x.dataType() == DataType.FLOAT && w.dataType() == DataType.FLOAT
                && x.columns() == w.rows() && weightsF(w) && Dnnl.available();
    }

    /** DL4J's weight layout: [nIn, nOut] in 'f' order, dense. */
    public static boolean weightsF(INDArray w) {
        return w.rank() == 2 && w.ordering() == 'f' && w.stride(0) == 1 && w.stride(1) == w.size(0);
    }

    private Plan plan(long batch, long nIn, long nOut, boolean bias) {
        return plans.get().computeIfAbsent(batch * 2 + (bias ? 1 : 0), k -> new Plan(batch, nIn, nOut, bias));
    }

    private static memory.desc desc(long rows, long cols, memory.format_tag tag) {
        return Dnnl.desc(new long[] {rows, cols}, tag);
    }

    /** A memory object over no data yet, and its descriptor, to point at one call's array after checking it fits. */
    private static final class Slot {
        final memory m;
        final memory.desc d;

        Slot(memory.desc d) {
            this.d = d;
            this.m = new memory(d, Dnnl.engine(), null);
        }

        /** Points the memory at {@code a}, whose layout the caller has made this slot's. */
        memory at(INDArray a) {
            m.set_data_handle(Dnnl.addressAs(d, a));
            return m;
        }
    }

    private static INDArray plainC(INDArray a) {
        return Dnnl.plainC(a) ? a : a.dup('c');
    }

    private static INDArray plainF(INDArray w) {
        return weightsF(w) ? w : w.dup('f');
    }

    /** {@code x w + b} ({@code b} may be null) into a new activation array, shape {@code [batch, nOut]}. */
    public INDArray forward(INDArray x, INDArray w, INDArray b, LayerWorkspaceMgr workspaceMgr) {
        x = plainC(x);
        w = plainF(w);
        if (b != null && b.elementWiseStride() != 1) b = b.dup();
        Plan p = plan(x.size(0), w.size(0), w.size(1), b != null);
        INDArray y = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.size(0), w.size(1));
        try {
            Map<Integer, memory> args = new HashMap<>(Map.of(dnnl.DNNL_ARG_SRC, p.x.at(x), dnnl.DNNL_ARG_WEIGHTS, p.w.at(w),
                    dnnl.DNNL_ARG_DST, p.y.at(y)));
            if (b != null) args.put(dnnl.DNNL_ARG_BIAS, p.b.at(b));
            Dnnl.run(p.forward, args);
        } finally {
            Reference.reachabilityFence(x);   // oneDNN holds only their addresses
            Reference.reachabilityFence(w);
            Reference.reachabilityFence(b);
        }
        return y;
    }

    /**
     * The backward products: {@code x^T delta} into DL4J's weight-gradient view {@code wGrad} ({@code [nIn, nOut]},
     * 'f' order), the column sums of {@code delta} into the bias-gradient view {@code bGrad} (null for a layer without
     * bias), and {@code delta w^T}, the gradient at the input, returned in a new array.
     */
    public INDArray backward(INDArray x, INDArray w, INDArray delta, INDArray wGrad, INDArray bGrad, LayerWorkspaceMgr workspaceMgr) {
        if (bGrad != null) delta.sum(bGrad, 0);
        x = plainC(x);
        w = plainF(w);
        delta = plainC(delta);
        INDArray wGradF = weightsF(wGrad) ? wGrad : wGrad.ulike().dup('f');
        Plan p = plan(x.size(0), w.size(0), w.size(1), bGrad != null);   // the forward's plan: one per layer and batch size
        INDArray epsNext = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.size(0), x.size(1));
        try {
            Dnnl.run(p.weightGrad, Map.of(dnnl.DNNL_ARG_SRC, p.deltaT.at(delta), dnnl.DNNL_ARG_WEIGHTS, p.x.at(x),
                    dnnl.DNNL_ARG_DST, p.wGradT.at(wGradF)));
            Dnnl.run(p.inputGrad, Map.of(dnnl.DNNL_ARG_SRC, p.delta.at(delta), dnnl.DNNL_ARG_WEIGHTS, p.wT.at(w),
                    dnnl.DNNL_ARG_DST, p.eps.at(epsNext)));
        } finally {
            Reference.reachabilityFence(delta);
            Reference.reachabilityFence(x);
            Reference.reachabilityFence(w);
            Reference.reachabilityFence(wGradF);
        }
        if (wGradF != wGrad) wGrad.assign(wGradF);
        return epsNext;
    }
}

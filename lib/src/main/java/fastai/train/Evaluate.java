package fastai.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;
import org.nd4j.linalg.ops.transforms.Transforms;
import java.util.Arrays;


/**
 * Loss and accuracy of a trained net on some data, and its outputs computed in batches: the one
 * place for both, used by {@link Fit} for validation. The loss is the output layer's own, measured
 * on the outputs without regularisation: cross-entropy (probabilities clipped at {@link #CLIP}),
 * binary cross-entropy, or mean squared error. Accuracy: arg-max for softmax outputs, 0.5 for
 * sigmoid ones, NaN for regression.
 */
public final class Evaluate {
    /** Probabilities are clipped to [CLIP, 1 - CLIP] before the log, so one sure mistake cannot make the loss infinite. */
    public static final double CLIP = 1e-7;
    /** Rows per forward pass when evaluating: large enough to be fast, small enough for the memory of a 2-core machine. */
    public static final int BATCH = 256;

    private Evaluate() { }

    /** What kind of loss an output layer trains with, which decides how it is measured. */
    public enum Kind { CROSS_ENTROPY, BINARY, MSE, OTHER }

    /** Loss and accuracy of {@code net} on every example of {@code data} (loss summed over outputs, accuracy of output 0). */
    public static EvalResult of(NeuralNetwork net, Data data) {
        return of(net, data, BATCH);
    }

    public static EvalResult of(NeuralNetwork net, Data data, int batchSize) {
        List<Kind> kinds = kinds(net);
        double lossSum = 0, hits = 0, hitCount = 0;
        long n = 0;
        Iterator<MultiDataSet> it = data.epoch(batchSize, new Random(0), false);
        while (it.hasNext()) {
            MultiDataSet mds = it.next();
            INDArray[] out = output(net, mds.getFeatures());
            long rows = mds.getFeatures(0).size(0);
            for (int k = 0; k < out.length; k++) {
                Kind kind = k < kinds.size() ? kinds.get(k) : Kind.OTHER;
                if (kind == Kind.OTHER) {
                    lossSum += score(net, mds) * rows;
                    break;
                }
                lossSum += loss(kind, out[k], mds.getLabels(k)) * rows;
            }
            double[] acc = correct(kinds.isEmpty() ? Kind.OTHER : kinds.get(0), out[0], mds.getLabels(0));
            hits += acc[0];
            hitCount += acc[1];
            n += rows;
        }
        return new EvalResult(n == 0 ? Double.NaN : lossSum / n, hitCount == 0 ? Double.NaN : hits / hitCount, n);
    }

    /** Every output of {@code net} for the rows of {@code x} (one array per network input), {@link #BATCH} rows at a time. */
    public static INDArray[] outputs(NeuralNetwork net, INDArray... x) {
        return outputs(net, BATCH, x);
    }

    public static INDArray[] outputs(NeuralNetwork net, int batchSize, INDArray... x) {
        if (x.length == 0) throw new IllegalArgumentException("need at least one input array");
        long n = x[0].size(0);
        List<List<INDArray>> parts = new ArrayList<>();
        for (long i = 0; i < n; i += batchSize) {
            INDArray[] xb = new INDArray[x.length];
            for (int k = 0; k < x.length; k++) xb[k] = Rows.slice(x[k], i, Math.min(n, i + batchSize));
            INDArray[] out = output(net, xb);
            for (int k = 0; k < out.length; k++) {
                if (parts.size() <= k) parts.add(new ArrayList<>());
                parts.get(k).add(out[k]);
            }
        }
        INDArray[] res = new INDArray[parts.size()];
        for (int k = 0; k < res.length; k++) {
            List<INDArray> p = parts.get(k);
            res[k] = p.size() == 1 ? p.get(0) : Nd4j.concat(0, p.toArray(new INDArray[0]));
        }
        return res;
    }

    /** The single output of a one-output net for {@code x}, in batches. */
    public static INDArray output(NeuralNetwork net, INDArray x) {
        return outputs(net, BATCH, x)[0];
    }

    /** Mean loss of one output against its labels, as {@code kind} measures it. Rank-3 (sequence) outputs count every time step. */
    public static double loss(Kind kind, INDArray out, INDArray labels) {
        INDArray p = rows(out).castTo(DataType.DOUBLE), y = rows(labels).castTo(DataType.DOUBLE);
        if (!Arrays.equals(p.shape(), y.shape())) {
            throw new IllegalArgumentException("outputs " + Arrays.toString(out.shape()) + " and labels " + Arrays.toString(labels.shape()) + " differ in shape");
        }
        long r = p.size(0);
        return switch (kind) {
            case CROSS_ENTROPY -> -Transforms.log(Transforms.max(p, CLIP), false).muli(y).sumNumber().doubleValue() / r;
            case BINARY -> {
                INDArray c = Transforms.min(Transforms.max(p, CLIP), 1 - CLIP);
                INDArray l = Transforms.log(c, true).muli(y).addi(Transforms.log(c.rsub(1.0), false).muli(y.rsub(1.0)));
                yield -l.meanNumber().doubleValue();
            }
            case MSE -> Transforms.pow(p.sub(y), 2, false).meanNumber().doubleValue();
            case OTHER -> throw new IllegalArgumentException("no loss formula for this output layer; use the net's own score");
        };
    }

    /** {hits, count}: arg-max agreement for softmax outputs, 0.5-threshold agreement for sigmoid ones, {0, 0} otherwise. */
    static double[] correct(Kind kind, INDArray out, INDArray labels) {
        INDArray p = rows(out), y = rows(labels);
        return switch (kind) {
            case CROSS_ENTROPY -> new double[] {Rows.correct(p, y), p.size(0)};
            case BINARY -> {
                INDArray agree = p.gt(0.5).eq(y.gt(0.5));
                yield new double[] {agree.castTo(DataType.DOUBLE).sumNumber().doubleValue(), agree.length()};
            }
            default -> new double[] {0, 0};
        };
    }

    /** The loss kind of each output layer of {@code net}, in output order. */
    public static List<Kind> kinds(NeuralNetwork net) {
        List<Kind> kinds = new ArrayList<>();
        if (net instanceof MultiLayerNetwork m) {
            kinds.add(kind(m.getOutputLayer()));
        } else if (net instanceof ComputationGraph g) {
            for (String name : g.getConfiguration().getNetworkOutputs()) kinds.add(kind(g.getLayer(name)));
        } else {
            throw unsupported(net);
        }
        return kinds;
    }

    static Kind kind(Layer l) {
        if (l == null || !(l.conf().getLayer() instanceof BaseOutputLayer o)) return Kind.OTHER;
        ILossFunction f = o.getLossFn();
        if (f instanceof LossMCXENT || f instanceof LossNegativeLogLikelihood) return Kind.CROSS_ENTROPY;
        if (f instanceof LossBinaryXENT) return Kind.BINARY;
        if (f instanceof LossMSE) return Kind.MSE;
        return Kind.OTHER;
    }

    /** Inference-mode outputs, detached from any workspace. */
    static INDArray[] output(NeuralNetwork net, INDArray[] x) {
        if (net instanceof MultiLayerNetwork m) {
            if (x.length != 1) throw new IllegalArgumentException("a MultiLayerNetwork has one input, got " + x.length + " arrays");
            return new INDArray[] {m.output(x[0], false).detach()};
        }
        if (net instanceof ComputationGraph g) {
            INDArray[] out = g.output(false, x);
            for (int k = 0; k < out.length; k++) out[k] = out[k].detach();
            return out;
        }
        throw unsupported(net);
    }

    /** The net's own score (with regularisation) for layers whose loss has no formula here. */
    static double score(NeuralNetwork net, MultiDataSet mds) {
        if (net instanceof MultiLayerNetwork m) return m.score(Fit.toDataSet(mds), false);
        if (net instanceof ComputationGraph g) return g.score(mds, false);
        throw unsupported(net);
    }

    /** Sequence outputs [N, C, T] as rows [N*T, C]; anything else as it is (rank 1 as a column). */
    static INDArray rows(INDArray a) {
        if (a.rank() == 3) return a.permute(0, 2, 1).dup('c').reshape('c', a.size(0) * a.size(2), a.size(1));
        if (a.rank() == 1) return a.reshape(a.length(), 1);
        return a;
    }

    static IllegalArgumentException unsupported(Object net) {
        return new IllegalArgumentException("expected a MultiLayerNetwork or a ComputationGraph, got "
                + (net == null ? "null" : net.getClass().getName()));
    }
}

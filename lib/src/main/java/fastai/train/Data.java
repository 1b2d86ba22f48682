package fastai.train;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

import fastai.Batches;

/**
 * Where {@link Fit} and {@link Evaluate} take their examples from: one epoch at a time, as
 * mini-batches of {@link MultiDataSet} (any number of inputs and outputs). Arrays held in memory
 * are reshuffled every epoch; an iterator (a folder of images) brings its own batching and order.
 */
public interface Data {
    /** Examples per epoch (for progress bars). */
    long size();

    /** Mini-batches per epoch at {@code batchSize} (an iterator counts its own batches). */
    default long batches(int batchSize) { return (size() + batchSize - 1) / batchSize; }

    /** One epoch of mini-batches; {@code shuffle} reorders the rows with {@code rnd} where this data can. */
    Iterator<MultiDataSet> epoch(int batchSize, Random rnd, boolean shuffle);

    /** The same data with {@code f} applied to every mini-batch (augmentation, preprocessing). */
    default Data map(UnaryOperator<MultiDataSet> f) {
        Data self = this;
        return new Data() {
            @Override public long size() { return self.size(); }
            @Override public long batches(int batchSize) { return self.batches(batchSize); }
            @Override public Iterator<MultiDataSet> epoch(int batchSize, Random rnd, boolean shuffle) {
                Iterator<MultiDataSet> in = self.epoch(batchSize, rnd, shuffle);
                return new Iterator<>() {
                    @Override public boolean hasNext() { return in.hasNext(); }
                    @Override public MultiDataSet next() { return f.apply(in.next()); }
                };
            }
        };
    }

    /** One input, one label array; rows are examples. */
    static Data arrays(INDArray x, INDArray y) {
        return arrays(new INDArray[] {x}, new INDArray[] {y});
    }

    /** Several inputs and/or outputs (a {@code ComputationGraph}); every array has one row per example. */
    static Data arrays(INDArray[] x, INDArray[] y) {
        if (x == null || y == null || x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("need at least one input array and one label array");
        }
        long n = x[0].size(0);
        for (int k = 0; k < x.length; k++) {
            if (x[k].size(0) != n) throw new IllegalArgumentException("input " + k + " has " + x[k].size(0) + " rows " + Arrays.toString(x[k].shape()) + ", input 0 has " + n);
        }
        for (int k = 0; k < y.length; k++) {
            if (y[k].size(0) != n) throw new IllegalArgumentException(n + " input rows but label array " + k + " has " + y[k].size(0) + " " + Arrays.toString(y[k].shape()));
        }
        return new ArrayData(x, y, n);
    }

    /** A folder of images opened with {@code getBatches}: its batch size and order are the folder's own. */
    static Data of(Batches batches) {
        return iterator(batches, batches.count());
    }

    /** Any DataSet iterator that can be reset; {@code examples} per pass, for the progress bar. */
    static Data iterator(DataSetIterator it, long examples) {
        if (!it.resetSupported()) throw new IllegalArgumentException("the iterator must support reset() to be read once per epoch");
        return new Data() {
            @Override public long size() { return examples; }
            @Override public long batches(int batchSize) { return (examples + it.batch() - 1) / it.batch(); }
            @Override public Iterator<MultiDataSet> epoch(int batchSize, Random rnd, boolean shuffle) {
                it.reset();
                return new Iterator<>() {
                    @Override public boolean hasNext() { return it.hasNext(); }
                    @Override public MultiDataSet next() { return Fit.toMulti(it.next()); }
                };
            }
        };
    }

    /** Arrays in memory: each epoch a permutation cut into batches of rows. */
    final class ArrayData implements Data {
        private final INDArray[] x, y;
        private final long n;

        ArrayData(INDArray[] x, INDArray[] y, long n) { this.x = x; this.y = y; this.n = n; }

        @Override public long size() { return n; }

        @Override public Iterator<MultiDataSet> epoch(int batchSize, Random rnd, boolean shuffle) {
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            int[] order = shuffle ? Rows.permutation((int) n, rnd) : null;
            return new Iterator<>() {
                long at = 0;
                @Override public boolean hasNext() { return at < n; }
                @Override public MultiDataSet next() {
                    if (at >= n) throw new NoSuchElementException();
                    long to = Math.min(n, at + batchSize);
                    MultiDataSet mds = order == null
                            ? new MultiDataSet(slice(x, at, to), slice(y, at, to))
                            : new MultiDataSet(pick(x, Arrays.copyOfRange(order, (int) at, (int) to)), pick(y, Arrays.copyOfRange(order, (int) at, (int) to)));
                    at = to;
                    return mds;
                }
            };
        }

        private static INDArray[] slice(INDArray[] a, long from, long to) {
            INDArray[] out = new INDArray[a.length];
            for (int k = 0; k < a.length; k++) out[k] = Rows.slice(a[k], from, to).dup();
            return out;
        }

        private static INDArray[] pick(INDArray[] a, int[] rows) {
            INDArray[] out = new INDArray[a.length];
            for (int k = 0; k < a.length; k++) {
                long[] shape = a[k].shape().clone();
                shape[0] = rows.length;
                INDArray flat = a[k].rank() == 2 ? a[k] : a[k].reshape('c', a[k].size(0), -1);
                out[k] = Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
            }
            return out;
        }
    }
}

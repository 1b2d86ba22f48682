package fastai.rnn;

import fastai.train.Data;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A text laid out for a stateful RNN: cut into {@code streams} equal consecutive pieces, one per
 * row of every batch, and read front to back {@code chunk} characters at a time. Row r of batch
 * k+1 is the continuation of row r of batch k, so the state the network ends batch k with is the
 * right state to begin batch k+1 with (this is what Keras' {@code stateful=True} assumes of the
 * data and what the course's batches of consecutive 8-character pieces did not quite give it).
 *
 * <p>Batches: inputs {@code [streams, 1, chunk]} of indices, labels {@code [streams, 1, chunk]} (the
 * next character at each position; one-hot them with {@link CharWindows#oneHotLabels}). Every
 * batch has {@code streams} rows whatever batch size is asked for; {@code shuffle} must be off.
 */
public final class StatefulText implements Data {
    private final int[] text;
    private final int streams, chunk, streamLength, batches;

    public StatefulText(int[] text, int streams, int chunk) {
        if (streams < 1 || chunk < 1) throw new IllegalArgumentException("streams and chunk must be at least 1, got " + streams + ", " + chunk);
        if (text == null || text.length == 0) throw new IllegalArgumentException("the text is empty: need at least " + (streams * chunk + 1) + " characters");
        int len = (text.length - 1) / streams;
        if (len < chunk) {
            throw new IllegalArgumentException("a text of " + text.length + " characters is too short for " + streams
                    + " streams of at least " + chunk + " characters: need at least " + (streams * chunk + 1));
        }
        this.text = text;
        this.streams = streams;
        this.chunk = chunk;
        this.batches = len / chunk;
        this.streamLength = batches * chunk;
    }

    public int streams() { return streams; }
    public int chunk() { return chunk; }
    /** Characters read per stream per epoch. */
    public int streamLength() { return streamLength; }

    @Override public long size() { return streams; }
    @Override public long batches(int batchSize) { return batches; }

    /** Where stream r starts in the text. */
    public int start(int r) {
        return r * ((text.length - 1) / streams);
    }

    @Override
    public Iterator<MultiDataSet> epoch(int batchSize, Random rnd, boolean shuffle) {
        if (shuffle) throw new IllegalArgumentException("a stateful text must be read in order: use shuffle(false)");
        return new Iterator<>() {
            int k = 0;
            @Override public boolean hasNext() { return k < batches; }
            @Override public MultiDataSet next() {
                if (!hasNext()) throw new NoSuchElementException();
                float[] x = new float[streams * chunk], y = new float[streams * chunk];
                for (int r = 0; r < streams; r++) {
                    int from = start(r) + k * chunk;
                    for (int t = 0; t < chunk; t++) {
                        x[r * chunk + t] = text[from + t];
                        y[r * chunk + t] = text[from + t + 1];
                    }
                }
                k++;
                // rank 3 even for indices: DL4J's truncated BPTT skips (with only a log warning) rank-2 inputs
                INDArray fx = Nd4j.create(x, new long[] {streams, 1, chunk}, 'c');
                INDArray fy = Nd4j.create(y, new long[] {streams, 1, chunk}, 'c');
                return new MultiDataSet(fx, fy);
            }
        };
    }
}

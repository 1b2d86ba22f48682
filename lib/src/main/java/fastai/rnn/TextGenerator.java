package fastai.rnn;

import java.util.Random;
import java.util.function.Function;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Generates text one character at a time from any of lesson 6's models: read the seed, draw the
 * next character from the predicted distribution sharpened or flattened by a temperature, append
 * it, repeat. Everything a caller can get wrong is checked before the first prediction.
 */
public final class TextGenerator {
    private TextGenerator() { }

    /** What predicts the next character. */
    public interface Predictor {
        /** Characters of context the model was trained on; a seed must be at least this long. */
        int window();

        /** Probabilities of the next character after {@code text} (all characters so far, as indices). */
        double[] next(int[] text);
    }

    /**
     * A fixed-window model (three or eight characters in, the next out): only the last
     * {@code window} characters are read. {@code output} maps inputs {@code [1, window]} to
     * probabilities {@code [1, V]}.
     */
    public static Predictor windowed(int window, Function<INDArray, INDArray> output) {
        return new Predictor() {
            @Override public int window() { return window; }
            @Override public double[] next(int[] text) {
                float[] x = new float[window];
                for (int t = 0; t < window; t++) x[t] = text[text.length - window + t];
                return output.apply(Nd4j.create(x, new long[] {1, window}, 'c')).castTo(DataType.DOUBLE).toDoubleVector();
            }
        };
    }

    /**
     * A recurrent DL4J net with an embedding input and softmax at every step, run with
     * {@code rnnTimeStep}: the net keeps its state, so each new character costs one step.
     */
    public static Predictor recurrent(MultiLayerNetwork net, int window) {
        return new Predictor() {
            private int fed = -1;
            private INDArray last;

            @Override public int window() { return window; }
            @Override public double[] next(int[] text) {
                if (fed < 0 || fed > text.length) {
                    net.rnnClearPreviousState();
                    fed = 0;
                }
                DataType type = net.params().dataType();
                if (fed < text.length) {
                    float[] x = new float[text.length - fed];
                    for (int t = fed; t < text.length; t++) x[t - fed] = text[t];
                    INDArray out = net.rnnTimeStep(Nd4j.create(x, new long[] {1, x.length}, 'c').castTo(type));
                    // [1, V, steps], or [1, V] when a single step was fed
                    last = out.rank() == 2 ? out.getRow(0) : out.get(NDArrayIndex.point(0),
                            NDArrayIndex.all(), NDArrayIndex.point(out.size(2) - 1));
                    fed = text.length;
                }
                return last.castTo(DataType.DOUBLE).toDoubleVector();
            }
        };
    }

    /**
     * The seed followed by {@code length} generated characters.
     *
     * @param temperature above 0: 1 samples from the model's own distribution, below 1 favours
     *                    likely characters (towards always the most likely one), above 1 flattens
     */
    public static String generate(Predictor model, CharVocab vocab, String seed, int length, double temperature, Random rng) {
        checkTemperature(temperature);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, got " + length);
        if (seed == null || seed.length() < model.window()) {
            throw new IllegalArgumentException("seed " + (seed == null ? "null" : "\"" + seed + "\" has " + seed.length() + " characters")
                    + ": the model reads " + model.window() + " characters, give a seed at least that long");
        }
        for (int i = 0; i < seed.length(); i++) {
            if (!vocab.contains(seed.charAt(i))) {
                throw new IllegalArgumentException("seed character " + CharVocab.printable(seed.charAt(i)) + " at position " + i
                        + " is not in the model's vocabulary of " + vocab.size() + " characters");
            }
        }
        int[] text = new int[seed.length() + length];
        System.arraycopy(vocab.encode(seed), 0, text, 0, seed.length());
        for (int n = seed.length(); n < text.length; n++) {
            double[] p = model.next(Arrays.copyOf(text, n));
            text[n] = sample(p, temperature, rng);
        }
        return vocab.decode(text);
    }

    /**
     * Draws an index from {@code p} raised to the power 1/temperature and renormalised, i.e.
     * softmax(log p / temperature). As the temperature goes to 0 this becomes the arg-max.
     */
    public static int sample(double[] p, double temperature, Random rng) {
        checkTemperature(temperature);
        double[] logits = new double[p.length];
        for (int i = 0; i < p.length; i++) logits[i] = Math.log(Math.max(p[i], 1e-300));
        double[] q = SoftmaxCrossEntropy.softmax(logits, temperature);
        double u = rng.nextDouble();
        double cum = 0;
        int last = 0;
        for (int i = 0; i < q.length; i++) {
            if (q[i] > 0) last = i;
            cum += q[i];
            if (u < cum) return i;
        }
        return last;
    }

    private static void checkTemperature(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a number > 0, got " + temperature
                    + " (small values such as 0.1 give nearly always the most likely character)");
        }
    }
}

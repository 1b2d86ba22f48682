package fastai.rnn;

import java.util.Random;

/**
 * Generates text from a trained character model: reads a seed text to set up the hidden
 * state, then repeatedly draws the next character from the predicted distribution and feeds it
 * back in. The temperature divides the scores before the softmax: 1 samples the model as it is,
 * lower values pick likely characters more often, and 0 always takes the most likely one.
 */
public final class Sampler {
    private final SequenceModel model;
    private final CharVocab vocab;

    public Sampler(SequenceModel model, CharVocab vocab) {
        if (model.vocabSize() != vocab.size()) {
            throw new IllegalArgumentException("model has " + model.vocabSize() + " outputs, vocabulary " + vocab.size());
        }
        this.model = model;
        this.vocab = vocab;
    }

    /** The seed followed by {@code length} generated characters. */
    public String sample(String seed, int length, double temperature, Random rng) {
        if (seed.isEmpty()) throw new IllegalArgumentException("the seed text must not be empty");
        double[] h = model.initialState();
        for (int i = 0; i < seed.length(); i++) h = model.step(h, vocab.indexOf(seed.charAt(i)));
        StringBuilder out = new StringBuilder(seed);
        for (int i = 0; i < length; i++) {
            int next = pick(model.logits(h), temperature, rng);
            out.append(vocab.charAt(next));
            h = model.step(h, next);
        }
        return out.toString();
    }

    /** Draws an index from softmax(logits / temperature); the argmax when temperature is 0. */
    public static int pick(double[] logits, double temperature, Random rng) {
        if (temperature <= 0) return Mat.argmax(logits);
        double[] p = SoftmaxCrossEntropy.softmax(logits, temperature);
        double u = rng.nextDouble();
        double cum = 0;
        for (int i = 0; i < p.length; i++) {
            cum += p[i];
            if (u < cum) return i;
        }
        return p.length - 1;
    }
}

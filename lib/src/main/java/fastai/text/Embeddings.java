package fastai.text;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An embedding matrix for a {@link Vocabulary} from pretrained {@link WordVectors}: row {@code i}
 * is the vector of the vocabulary's word {@code i}; padding gets zeros; the rare-word index and
 * words without a vector get small random vectors with the same spread as the pretrained ones.
 */
public final class Embeddings {
    private Embeddings() { }

    /** The matrix, and how many of the vocabulary's words had a pretrained vector. */
    public record Init(INDArray matrix, int found, int words) {
        /**
         * The same matrix multiplied by one factor so that its entries have standard deviation
         * {@code std}. Word2Vec's vectors have entries of a few units; an embedding that large
         * saturates the sigmoid at the start (the course divided GloVe's vectors by 3 for the same reason).
         */
        public Init scaledTo(double std) {
            double now = matrix.stdNumber().doubleValue();
            return new Init(matrix.mul(std / now), found, words);
        }

        @Override public String toString() {
            return "embedding " + matrix.rows() + " x " + matrix.columns() + ": " + found + " of " + words
                    + " words from the pretrained vectors, the rest random";
        }
    }

    public static Init fromVectors(Vocabulary vocab, WordVectors vectors, long seed) {
        int d = vectors.dim();
        INDArray m = Nd4j.zeros(DataType.FLOAT, vocab.size(), d);
        double sd = vectors.matrix().stdNumber().doubleValue();
        Random rnd = new Random(seed);
        int found = 0;
        for (int i = Vocabulary.RARE; i < vocab.size(); i++) {
            String w = vocab.word(i);
            if (i > Vocabulary.RARE && vectors.contains(w)) {
                m.putRow(i, vectors.vector(w));
                found++;
            } else {
                float[] r = new float[d];
                for (int j = 0; j < d; j++) r[j] = (float) (rnd.nextGaussian() * sd);
                m.putRow(i, Nd4j.createFromArray(r));
            }
        }
        return new Init(m, found, vocab.size() - 2);
    }
}

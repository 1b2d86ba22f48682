package fastai.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fastai.io.DataException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class CollabModelTest {
    // 3 users (ids 10, 20, 30) x 4 movies (ids 1, 5, 7, 9), 2 factors
    static final int[] USERS = {10, 20, 30, 10, 30, 20};
    static final int[] MOVIES = {1, 5, 7, 9, 1, 9};
    static final float[] STARS = {4f, 3.5f, 2f, 5f, 1f, 4.5f};
    static final double[][] U = {{0.5, -1.0}, {2.0, 0.25}, {-0.75, 1.5}};
    static final double[][] M = {{1.0, 2.0}, {-0.5, 0.5}, {0.3, -0.2}, {1.5, 1.0}};
    static final double[] UB = {0.1, -0.2, 0.3}, MB = {1.0, 2.0, 3.0, 4.0};

    static Ratings ratings() { return Ratings.of("tiny", USERS, MOVIES, STARS); }

    static void setTables(CollabModel m, boolean bias) {
        ComputationGraph g = m.net();
        g.getLayer("userFactors").setParam("W", Nd4j.create(U).castTo(g.params().dataType()));
        g.getLayer("movieFactors").setParam("W", Nd4j.create(M).castTo(g.params().dataType()));
        if (bias) {
            g.getLayer("userBias").setParam("W", Nd4j.create(UB, new long[] {3, 1}).castTo(g.params().dataType()));
            g.getLayer("movieBias").setParam("W", Nd4j.create(MB, new long[] {4, 1}).castTo(g.params().dataType()));
        }
    }

    @Test void embeddingLookupAndDotProductMatchAHandComputation() {
        Ratings r = ratings();
        IdIndex users = IdIndex.of("userId", r.users()), movies = IdIndex.of("movieId", r.movies());
        assertEquals(3, users.size());
        assertEquals(4, movies.size());
        assertEquals(2, users.row(30));
        assertEquals(3, movies.row(9));
        CollabModel dot = CollabModel.dotProduct(users, movies, 2, 1e-4, 1e-3, 1);
        setTables(dot, false);
        INDArray[] x = dot.inputs(r);
        assertEquals(0, x[0].getInt(0, 0));   // user 10 -> row 0
        assertEquals(2, x[1].getInt(2, 0));   // movie 7 -> row 2
        INDArray p = dot.predict(r);
        for (int i = 0; i < r.size(); i++) {
            int u = users.row(r.user(i)), m = movies.row(r.movie(i));
            double hand = U[u][0] * M[m][0] + U[u][1] * M[m][1];
            assertEquals(hand, p.getDouble(i), 1e-6, "row " + i);
        }
        // user 20 (row 1) x movie 9 (row 3): 2.0*1.5 + 0.25*1.0 = 3.25
        assertEquals(3.25, p.getDouble(5), 1e-6);

        CollabModel bias = CollabModel.withBias(users, movies, 2, 1e-4, 1e-3, 1);
        setTables(bias, true);
        INDArray pb = bias.predict(r);
        assertEquals(3.25 - 0.2 + 4.0, pb.getDouble(5), 1e-6);
        assertEquals(MB[3], bias.movieBias().getDouble(3), 1e-7);
        double mse = 0;
        for (int i = 0; i < r.size(); i++) mse += Math.pow(pb.getDouble(i) - r.rating(i), 2) / r.size();
        assertEquals(mse, bias.mse(r), 1e-5);
    }

    @Test void biasModelGradientMatchesNumericalGradient() {
        Ratings r = ratings();
        IdIndex users = IdIndex.of("userId", r.users()), movies = IdIndex.of("movieId", r.movies());
        double l2 = 0.01; // large enough that the penalty's gradient shows
        CollabModel m = CollabModel.withBias(users, movies, 2, l2, 1e-3, 7, DataType.DOUBLE);
        setTables(m, true);
        ComputationGraph g = m.net();
        MultiDataSet data = new MultiDataSet(m.inputs(r), m.labels(r));
        g.setInputs(data.getFeatures());
        g.setLabels(data.getLabels());
        g.computeGradientAndScore();
        // DL4J's backprop gradient is summed over the batch; its updater divides it by the batch size
        // and then adds the L2 term (L2Regularization.apply: gradient += coefficient * w). Do the same here.
        int n = r.size();
        g.gradient().gradient().divi(n);
        for (String name : new String[] {"userFactors", "movieFactors", "userBias", "movieBias"}) {
            org.deeplearning4j.nn.api.Layer layer = g.getLayer(name);
            for (var reg : layer.conf().getLayer().getRegularizationByParam("W")) {
                reg.apply(layer.getParam("W"), g.gradient().getGradientFor(name + "_W"), 1e-3, 0, 0);
            }
        }
        java.util.Map<String, INDArray> analytic = new java.util.HashMap<>();
        g.gradient().gradientForVariable().forEach((k, v) -> analytic.put(k, v.dup()));
        // the score is the MSE plus Keras's l2 penalty (λ·Σw² on the factor tables)
        double pen = l2 * (Nd4j.create(U).norm2Number().doubleValue() * Nd4j.create(U).norm2Number().doubleValue()
                + Nd4j.create(M).norm2Number().doubleValue() * Nd4j.create(M).norm2Number().doubleValue());
        assertEquals(m.mse(r) + pen, g.score(), 1e-9);
        assertEquals(pen, m.penalty(), 1e-12);
        double eps = 1e-6, worst = 0;
        int checked = 0;
        for (String layer : new String[] {"userFactors", "movieFactors", "userBias", "movieBias"}) {
            org.deeplearning4j.nn.api.Layer l = g.getLayer(layer);
            INDArray w = l.getParam("W").dup();
            INDArray a = analytic.get(layer + "_W");
            for (int i = 0; i < w.length(); i++) {
                double orig = w.getDouble(i);
                w.putScalar(i, orig + eps);
                l.setParam("W", w);
                g.computeGradientAndScore();
                double up = g.score();
                w.putScalar(i, orig - eps);
                l.setParam("W", w);
                g.computeGradientAndScore();
                double down = g.score();
                w.putScalar(i, orig);
                l.setParam("W", w);
                double numeric = (up - down) / (2 * eps);
                worst = Math.max(worst, Math.abs(numeric - a.getDouble(i)) / Math.max(1e-3, Math.abs(numeric) + Math.abs(a.getDouble(i))));
                checked++;
            }
        }
        assertEquals(3 * 2 + 4 * 2 + 3 + 4, checked);
        assertTrue(worst < 1e-5, "largest relative difference between DL4J's and the numerical gradient: " + worst);
        // and one entry by hand: d/d(movie bias of movie 9) = 2/n * sum over its ratings of (prediction - rating)
        INDArray p = m.predict(r);
        double hand = 2.0 / r.size() * ((p.getDouble(3) - r.rating(3)) + (p.getDouble(5) - r.rating(5)));
        g.computeGradientAndScore();
        assertEquals(hand, g.gradient().getGradientFor("movieBias_W").getDouble(3, 0) / n, 1e-9);
    }

    @Test void anIdWithoutAnEmbeddingRowIsOneLineNamingFileAndLine() {
        Ratings r = ratings();
        CollabModel m = CollabModel.withBias(IdIndex.of("userId", r.users()), IdIndex.of("movieId", r.movies()), 2, 1e-4, 1e-3, 1);
        Ratings other = Ratings.of("new.csv", new int[] {10, 99}, new int[] {1, 5}, new float[] {3f, 4f});
        DataException e = assertThrows(DataException.class, () -> m.inputs(other));
        assertEquals("new.csv line 3: userId 99 is not one of the 3 users the model was built for; expected only users seen when the model was made", e.getMessage());
    }

    @Test void aUserIdBeyondTheEmbeddingSizeIsOneLine() {
        Ratings r = ratings();
        // user ids used directly as rows, with a table of 25 rows: user 30 does not fit
        CollabModel m = CollabModel.dotProduct(IdIndex.identity("userId", 25), IdIndex.of("movieId", r.movies()), 2, 1e-4, 1e-3, 1);
        DataException e = assertThrows(DataException.class, () -> m.inputs(r));
        assertEquals("tiny line 4: userId 30 maps to row 30, beyond the user embedding's 25 rows; expected only users seen when the model was made", e.getMessage());
    }

    @Test void neuralNetTrainsBelowTheMeanOnAPattern() {
        // ratings that depend on user and movie: a model must beat predicting the mean
        int n = 400;
        int[] u = new int[n], mv = new int[n];
        float[] s = new float[n];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            u[i] = rnd.nextInt(10);
            mv[i] = rnd.nextInt(12);
            s[i] = 1 + (u[i] % 2) * 2 + (mv[i] % 3);
        }
        Ratings r = Ratings.of("pattern", u, mv, s);
        CollabModel m = CollabModel.neuralNet(IdIndex.of("userId", u), IdIndex.of("movieId", mv), 8, 0, 16, 0.0, 0.0, 0.01, 5);
        double before = m.mse(r);
        fastai.train.Fit.of(m.net()).epochs(30).batchSize(32).quiet(true).run(fastai.train.Data.arrays(m.inputs(r), m.labels(r)));
        double after = m.mse(r);
        double variance = 0, mean = r.mean();
        for (float v : s) variance += (v - mean) * (v - mean) / n;
        assertTrue(after < 0.3 * variance, "MSE after training " + after + " vs variance " + variance + " (before " + before + ")");
    }
}

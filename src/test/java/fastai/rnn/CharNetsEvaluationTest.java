package fastai.rnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lesson 7's evaluation, training loop bookkeeping and sampling, against values worked out by
 * hand: a model that always predicts the same distribution q has loss -sum f log q, where f is
 * the frequency of each target character; the uniform guess is ln V; the best context-free model
 * (q = f) scores the unigram entropy, which a trained RNN must beat because it uses context.
 */
class CharNetsEvaluationTest {
    static final String TEXT = TrainingTest.TEXT;

    /** Frequencies of the target characters of every example (what the loss is averaged over). */
    static double[] targetFrequencies(CharSequences data, int vocab) {
        double[] f = new double[vocab];
        for (int i = 0; i < data.count(); i++) for (int c : data.targets(i)) f[c]++;
        for (int c = 0; c < vocab; c++) f[c] /= data.charsPerEpoch();
        return f;
    }

    static double entropy(double[] f) {
        double h = 0;
        for (double p : f) if (p > 0) h -= p * Math.log(p);
        return h;
    }

    /** A from-scratch RNN whose output ignores the state (Why = 0) and whose bias is log q. */
    static CharRnn constantPredictor(int vocab, int hidden, double[] q) {
        double[] by = new double[vocab];
        for (int c = 0; c < vocab; c++) by[c] = Math.log(q[c]);
        Random r = new Random(7);
        double[][] wxh = new double[hidden][vocab], whh = new double[hidden][hidden], why = new double[vocab][hidden];
        for (double[] row : wxh) for (int j = 0; j < vocab; j++) row[j] = r.nextGaussian() * 0.1;
        for (double[] row : whh) for (int j = 0; j < hidden; j++) row[j] = r.nextGaussian() * 0.1;
        return new CharRnn(wxh, whh, new double[hidden], why, by, Activations.TANH);
    }

    @Test
    void evaluateGivesLnVForAUniformGuessAndTheEntropyForTheUnigramModel() {
        CharVocab v = CharVocab.of(TEXT);
        CharSequences data = new CharSequences(v.encode(TEXT), 8);
        int V = v.size();
        double[] uniform = new double[V];
        java.util.Arrays.fill(uniform, 1.0 / V);
        assertEquals(Math.log(V), Trainer.evaluate(constantPredictor(V, 6, uniform), data, 1000), 1e-12);

        double[] f = targetFrequencies(data, V);
        // a character that never appears as a target would get log 0: give each a tiny share
        double[] q = new double[V];
        double sum = 0;
        for (int c = 0; c < V; c++) { q[c] = f[c] + 1e-9; sum += q[c]; }
        for (int c = 0; c < V; c++) q[c] /= sum;
        double crossEntropy = 0;
        for (int c = 0; c < V; c++) crossEntropy -= f[c] * Math.log(q[c]);
        assertEquals(crossEntropy, Trainer.evaluate(constantPredictor(V, 6, q), data, data.count()), 1e-9);
        assertEquals(entropy(f), crossEntropy, 1e-6);
        assertTrue(entropy(f) < Math.log(V) - 0.3, "English letters are far from uniform: " + entropy(f) + " vs " + Math.log(V));
    }

    /** Our evaluation of the from-scratch RNN and DL4J's of its twin (same weights) agree, and match -log p by hand. */
    @Test
    void dl4jEvaluateAgreesWithTheFromScratchOneAndWithMinusLogP() {
        CharVocab v = CharVocab.of(TEXT);
        CharSequences data = new CharSequences(v.encode(TEXT), 8);
        CharRnn rnn = new CharRnn(v.size(), 12, Activations.TANH, 5);
        MultiLayerNetwork twin = Dl4jCharNets.simpleRnnFrom(rnn, 0.1, 0, data.seqLength());
        for (int max : new int[] {7, 1000}) {
            double ours = Trainer.evaluate(rnn, data, max), theirs = Dl4jCharNets.evaluate(twin, data, v.size(), max);
            assertEquals(ours, theirs, 1e-9, "on up to " + max + " examples");
            double byHand = 0;
            int[] pick = data.evenlySpaced(max);
            for (int i : pick) {
                double[][] p = Dl4jCharNets.probabilities(twin, data.inputs(i), v.size());
                int[] y = data.targets(i);
                for (int t = 0; t < y.length; t++) byHand -= Math.log(p[t][y[t]]);
            }
            assertEquals(byHand / (pick.length * data.seqLength()), theirs, 1e-9);
        }
    }

    @Test
    void oneHotPutsASingleOneAtEachCharacterAndStep() {
        INDArray x = Dl4jCharNets.oneHot(new int[][] {{2, 0, 1}, {1, 1, 3}}, 4, DataType.FLOAT);
        assertArrayEquals(new long[] {2, 4, 3}, x.shape(), "[batch, vocab, time]");
        assertEquals(6.0, x.sumNumber().doubleValue(), 0.0);
        assertEquals(1.0, x.getDouble(0, 2, 0), 0.0);
        assertEquals(1.0, x.getDouble(0, 0, 1), 0.0);
        assertEquals(1.0, x.getDouble(1, 3, 2), 0.0);
        assertEquals(0.0, x.getDouble(1, 3, 1), 0.0);
        assertEquals(DataType.DOUBLE, Dl4jCharNets.oneHot(new int[][] {{0}}, 2, DataType.DOUBLE).dataType());
    }

    /** DL4J's SimpleRnn through our loop: starts at ln V, ends below the unigram entropy (it has learnt context). */
    @Test
    void dl4jSimpleRnnLearnsContextAndSamplesDeterministicallyAtTemperatureZero() {
        CharVocab v = CharVocab.of(TEXT);
        CharSequences data = new CharSequences(v.encode(TEXT), 8);
        double lnV = Math.log(v.size()), unigram = entropy(targetFrequencies(data, v.size()));
        MultiLayerNetwork net = Dl4jCharNets.simpleRnn(v.size(), 32, 0.5, 5.0, 8, 42);
        double before = Dl4jCharNets.evaluate(net, data, v.size(), 1000);
        Trainer t = Dl4jCharNets.trainer("SimpleRnn (DL4J)", net, data, v.size(), 8, 42).printEvery(10).quiet(true);
        TrainingLog log = t.fitSteps(150);
        double after = Dl4jCharNets.evaluate(net, data, v.size(), 1000);
        System.out.printf("DL4J SimpleRnn: %.4f -> %.4f per char (uniform %.4f, unigram entropy %.4f); log: %s%n", before, after, lnV, unigram, log);
        assertEquals(lnV, before, 0.25, "untrained: close to the uniform guess");
        // measured 2026-12-06: 3.401 -> 1.184 (unigram entropy 2.765)
        assertTrue(after < unigram - 0.5, "trained: " + after + " should be well below the best context-free loss " + unigram);
        assertEquals(15, log.losses().size());
        assertTrue(log.finalLoss() < unigram, "the last logged training loss " + log.finalLoss() + " is below the unigram entropy " + unigram);

        String a = Dl4jCharNets.sample(net, v, "the ", 30, 0, new Random(1));
        String b = Dl4jCharNets.sample(net, v, "the ", 30, 0, new Random(99));
        assertEquals(a, b, "temperature 0 is greedy: the random source does not matter, and the state is cleared between calls");
        assertTrue(a.startsWith("the ") && a.length() == 34, a);
        assertTrue(a.chars().allMatch(c -> v.contains((char) c)), a);
    }

    /** The loop visits every example exactly once per epoch and keeps its books in examples, characters and epochs. */
    @Test
    void trainerVisitsEachExampleOncePerEpochAndCountsTheWork() {
        CharVocab v = CharVocab.of(TEXT);
        CharSequences data = new CharSequences(v.encode(TEXT), 8);
        int n = data.count();
        List<Integer> seen = new ArrayList<>();
        double[] losses = {3.0, 2.0, 1.0, 0.5};
        int[] calls = {0};
        TrainingLog log = new TrainingLog("counting", 4, 100);
        Trainer t = new Trainer(log, (order, from, to) -> {
            for (int k = from; k < to; k++) seen.add(order[k]);
            return losses[calls[0]++ % 4];
        }, data, 8, 42).printEvery(2).quiet(true);
        assertEquals((n + 7) / 8, t.stepsPerEpoch());
        t.fit(2);
        assertEquals(2L * t.stepsPerEpoch(), t.stepsDone());
        assertEquals(2 * n, seen.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> one = new ArrayList<>(seen.subList(epoch * n, (epoch + 1) * n));
            java.util.Collections.sort(one);
            for (int i = 0; i < n; i++) assertEquals(i, one.get(i), "epoch " + epoch + " holds each example once");
        }
        assertNotEquals(seen.subList(0, n), seen.subList(n, 2 * n), "a new order each epoch");
        assertEquals(2.0, log.epochsDone(), 1e-9);
        assertEquals(2 * data.charsPerEpoch(), log.charsSeen());
        // a point every 2 steps: the mean of losses 3,2 then 1,0.5, ...
        assertEquals(t.stepsDone() / 2, log.losses().size());
        assertEquals(2.5, log.losses().get(0), 1e-12);
        assertEquals(0.75, log.losses().get(1), 1e-12);
        assertEquals(4 * 8.0 / n, log.epochs().get(1), 1e-9, "epochs done at the second point: 4 full batches of 8");
    }
}

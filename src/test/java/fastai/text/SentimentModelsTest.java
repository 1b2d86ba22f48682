package fastai.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Embedding initialisation, the 1-D convolution against a hand computation, the models' shapes. */
class SentimentModelsTest {
    static Vocabulary vocab() {
        return Vocabulary.build(List.of(Tokenizer.tokens("good good good film film bad plot")), 10);
    }

    static WordVectors vectors() {
        // "plot" has no vector; "zebra" is not in the vocabulary
        return new WordVectors(List.of("film", "good", "zebra", "bad"), Nd4j.createFromArray(new float[][] {
                {1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {-1, -2, -3}}));
    }

    @Test
    void embeddingRowsHoldTheRightWordsVectors() {
        Vocabulary v = vocab();   // <pad>, <rare>, good, film, bad, plot
        Embeddings.Init init = Embeddings.fromVectors(v, vectors(), 7);
        INDArray m = init.matrix();
        assertArrayEquals(new long[] {6, 3}, m.shape());
        assertEquals(3, init.found());
        assertEquals(4, init.words());
        assertArrayEquals(new float[] {4, 5, 6}, m.getRow(v.index("good")).toFloatVector());
        assertArrayEquals(new float[] {1, 2, 3}, m.getRow(v.index("film")).toFloatVector());
        assertArrayEquals(new float[] {-1, -2, -3}, m.getRow(v.index("bad")).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0}, m.getRow(Vocabulary.PAD).toFloatVector());
        assertNotEquals(0.0, m.getRow(v.index("plot")).norm2Number().doubleValue());      // random, not zero
        assertNotEquals(0.0, m.getRow(Vocabulary.RARE).norm2Number().doubleValue());
        INDArray scaled = init.scaledTo(0.1).matrix();
        assertEquals(0.1, scaled.stdNumber().doubleValue(), 1e-6);
        double f = 0.1 / m.stdNumber().doubleValue();
        assertArrayEquals(new float[] {(float) (4 * f), (float) (5 * f), (float) (6 * f)}, scaled.getRow(v.index("good")).toFloatVector(), 1e-5f);

        // ...and the network's embedding starts from exactly that matrix, and looks words up by index
        MultiLayerNetwork net = SentimentModels.pretrainedConv(m, 4, 1);
        assertEquals(m, net.getLayer(0).getParam("W"));
        INDArray words = Nd4j.createFromArray(new float[][] {{0, v.index("bad"), v.index("good"), v.index("film")}});
        INDArray embedded = net.feedForwardToLayer(0, words, false).get(1);   // [1, 3, 4]: vector of word t in column t
        assertArrayEquals(new float[] {4, 5, 6}, embedded.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(2)).toFloatVector());
    }

    @Test
    void frozenEmbeddingDoesNotMoveAndUnfrozenDoes() {
        INDArray m = Embeddings.fromVectors(vocab(), vectors(), 7).matrix();
        MultiLayerNetwork net = SentimentModels.pretrainedConv(m, 4, 1);
        DataSet batch = new DataSet(Nd4j.createFromArray(new float[][] {{2, 3, 4, 5}, {5, 4, 3, 2}}),
                Nd4j.createFromArray(new float[][] {{1}, {0}}));
        INDArray conv = net.getLayer(2).getParam("W").dup();
        net.fit(batch);
        assertEquals(m, net.getLayer(0).getParam("W"));
        assertNotEquals(conv, net.getLayer(2).getParam("W"));
        SentimentModels.unfreeze(net, 1e-4);
        net.fit(batch);
        assertNotEquals(m, net.getLayer(0).getParam("W"));
    }

    @Test
    void conv1dMatchesAHandComputation() {
        // 2 input channels, 5 steps; 2 filters of width 3, zero-padded ("same"), ReLU
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(SentimentModels.conv1d(2, 2, 3)).build());
        net.init();
        double[][][] w = {{{1, -1, 2}, {0.5, 0, -1}}, {{0, 1, 0}, {-2, 0, 0.5}}};   // w[filter][channel][offset]
        double[] b = {0.25, -0.5};
        // DL4J 1.0.0-M2.1 reports the kernel's shape as [filters, channels, width, 1] but reads its
        // elements in the order [width][channels][filters] (found with impulse inputs while writing this test)
        INDArray wp = net.getLayer(0).getParam("W");
        double[] flat = new double[12];
        for (int o = 0; o < 2; o++) for (int c = 0; c < 2; c++) for (int k = 0; k < 3; k++) flat[k * 4 + c * 2 + o] = w[o][c][k];
        wp.assign(Nd4j.createFromArray(flat).reshape(wp.shape()));
        net.getLayer(0).getParam("b").assign(Nd4j.createFromArray(b).reshape(net.getLayer(0).getParam("b").shape()));
        double[][] x = {{1, 2, 3, 4, 5}, {-1, 0, 2, 1, -3}};
        INDArray out = net.output(Nd4j.createFromArray(new double[][][] {x}));
        assertArrayEquals(new long[] {1, 2, 5}, out.shape());
        double[][] hand = new double[2][5];
        for (int o = 0; o < 2; o++) for (int t = 0; t < 5; t++) {
            double s = b[o];
            for (int c = 0; c < 2; c++) for (int k = 0; k < 3; k++) {
                int i = t + k - 1;   // the filter's middle sits on step t
                if (i >= 0 && i < 5) s += w[o][c][k] * x[c][i];
            }
            hand[o][t] = Math.max(0, s);
        }
        // by hand, filter 0: t=0: 0.25 + (-1*1 + 2*2) + (0*-1 + -1*0) = 3.25; t=4: 0.25 + (1*4 - 1*5) + (0.5*1 + 0) = -0.25 -> 0
        assertEquals(3.25, hand[0][0], 1e-12);
        assertEquals(0.0, hand[0][4], 1e-12);
        assertArrayEquals(hand[0], out.get(NDArrayIndex.point(0), NDArrayIndex.point(0), NDArrayIndex.all()).toDoubleVector(), 1e-9);
        assertArrayEquals(hand[1], out.get(NDArrayIndex.point(0), NDArrayIndex.point(1), NDArrayIndex.all()).toDoubleVector(), 1e-9);
    }

    @Test
    void everyModelMapsABatchOfReviewsToOneProbabilityEach() {
        int vocab = 20, len = 12;
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 19}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}});
        INDArray emb = Nd4j.rand(DataType.FLOAT, vocab, 6);
        for (MultiLayerNetwork net : List.of(SentimentModels.singleHidden(vocab, len, 1), SentimentModels.oneConv(vocab, len, 1),
                SentimentModels.pretrainedConv(emb, len, 1), SentimentModels.lstm(vocab, len, 1))) {
            INDArray p = net.output(x);
            assertArrayEquals(new long[] {2, 1}, p.shape());
            assertEquals(1.0, Math.signum(p.minNumber().doubleValue()));   // probabilities in (0, 1)
            assertEquals(-1.0, Math.signum(p.maxNumber().doubleValue() - 1));
        }
        ComputationGraph g = SentimentModels.multiWidth(emb, len, 1);
        assertArrayEquals(new long[] {2, 1}, g.outputSingle(x).shape());
        assertArrayEquals(new long[] {2, 192, 6}, g.feedForward(x, false).get("merge").shape());
    }
}

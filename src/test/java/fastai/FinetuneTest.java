package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import fastai.models.MiniVgg;
import fastai.train.History;

/** finetune → fit → test → save/load on a tiny MiniVgg-shaped net and tiny fixture folders. */
class FinetuneTest {
    @TempDir static Path tmp;
    static Path train, valid, test;

    @BeforeAll
    static void data() {
        train = Fixtures.learnable(tmp.resolve("train"), 24, 28, 1);
        valid = Fixtures.learnable(tmp.resolve("valid"), 8, 28, 2);
        test = tmp.resolve("test");
        Fixtures.learnable(tmp.resolve("t"), 3, 28, 3);
        int id = 1;
        for (String c : List.of("dark", "light")) {
            for (int i = 0; i < 3; i++, id++) {
                try {
                    java.nio.file.Files.createDirectories(test.resolve("unknown"));
                    java.nio.file.Files.copy(tmp.resolve("t").resolve(c).resolve(i + ".png"), test.resolve("unknown").resolve(id + ".png"));
                } catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }
            }
        }
    }

    private static MiniVgg tinyBase() {
        // a "pretrained" base over 3 other classes: untrained here, which is all the freezing test needs
        return (MiniVgg) MiniVgg.create(List.of("x", "y", "z"), new int[] {4, 8}, 16, 7).quiet(true);
    }

    @Test
    void finetuneFreezesEverythingButTheNewLayer() {
        MiniVgg m = tinyBase();
        Batches b = m.getBatches(train, 8);
        Batches v = m.getBatches(valid, 8, false);
        m.finetune(b);
        assertEquals(List.of("dark", "light"), m.classes());
        Map<String, INDArray> before = new HashMap<>();
        for (Layer l : m.graph().getLayers()) if (l.numParams() > 0) before.put(l.conf().getLayer().getLayerName(), l.params().dup());
        assertTrue(before.containsKey(CourseModel.FINETUNE_LAYER));
        assertFalse(before.containsKey("predictions"), "the old output layer is gone");

        History h = m.learningRate(0.01).fit(b, v, 2);
        assertEquals(2, h.size());
        for (Layer l : m.graph().getLayers()) {
            if (l.numParams() == 0) continue;
            String name = l.conf().getLayer().getLayerName();
            if (name.equals(CourseModel.FINETUNE_LAYER)) {
                assertFalse(l instanceof FrozenLayer);
                assertNotEquals(before.get(name), l.params(), "the new layer learned");
            } else {
                assertTrue(l instanceof FrozenLayer, name + " is frozen");
                assertEquals(before.get(name), l.params(), name + " kept its weights");
            }
        }
        History.Epoch e = h.last();
        assertTrue(e.loss() > 0 && e.valLoss() > 0, e.toString());
        assertTrue(e.acc() >= 0 && e.acc() <= 1 && e.valAcc() >= 0 && e.valAcc() <= 1, e.toString());
        assertEquals(48, e.images());
        // recomputed accuracy from evaluate() agrees with the history's validation accuracy
        assertEquals(e.valAcc(), m.evaluate(v).accuracy(), 1e-9);
    }

    @Test
    void finetuneRetainSetsTheDropoutInFrontOfTheNewLayer() {
        // default: the course's dropout (DL4J keeps an input with probability 0.5); 1.0: none, as lesson 1 fine-tunes
        var withDropout = tinyBase().finetune(List.of("dark", "light")).graph().getLayer(CourseModel.FINETUNE_LAYER).conf().getLayer();
        assertEquals(new org.deeplearning4j.nn.conf.dropout.Dropout(0.5), withDropout.getIDropout());
        MiniVgg m = tinyBase();
        m.finetuneRetain(1.0).finetune(List.of("dark", "light"));
        assertNull(m.graph().getLayer(CourseModel.FINETUNE_LAYER).conf().getLayer().getIDropout());
        // without dropout a training-mode forward pass gives what inference gives
        INDArray x = m.prepare(m.getBatches(train, 8, false).next().getFeatures());
        assertEquals(m.graph().outputSingle(false, x), m.graph().outputSingle(true, x));
    }

    @Test
    void testKeepsFileOrderAndSaveLoadRoundTrips() {
        MiniVgg m = tinyBase();
        Batches b = m.getBatches(train, 8);
        m.finetune(b).fit(b, null, 1);
        TestResult r = m.test(test, 4);
        assertEquals(List.of("unknown/1.png", "unknown/2.png", "unknown/3.png", "unknown/4.png", "unknown/5.png", "unknown/6.png"), r.files());
        assertArrayEquals(new long[] {6, 2}, r.probabilities().shape());
        // row 4 is the prediction for 4.png
        Predictions single = m.predictFiles(test.resolve("unknown/4.png"));
        assertEquals(0.0, single.probabilities().getRow(0).sub(r.probabilities().getRow(3)).amaxNumber().doubleValue(), 1e-5);
        // rows sum to one
        assertEquals(0.0, r.probabilities().sum(1).subi(1).amaxNumber().doubleValue(), 1e-5);

        Path saved = m.note("tiny test model").save(tmp.resolve("models/tiny.zip"));
        CourseModel back = CourseModel.load(saved);
        assertInstanceOf(MiniVgg.class, back);
        assertEquals(m.classes(), back.classes());
        assertEquals(m.preprocessing(), back.preprocessing());
        assertEquals("tiny test model", back.note());
        assertEquals(r.probabilities(), back.quiet(true).test(test, 4).probabilities());
    }

    @Test
    void learnsAnEasyProblem() {
        // with training allowed everywhere (no finetune) the tiny net separates the two square positions
        MiniVgg m = (MiniVgg) MiniVgg.create(List.of("dark", "light"), new int[] {4}, 16, 3).quiet(true);
        Batches b = m.getBatches(train, 8);
        m.learningRate(0.003).fit(b, m.getBatches(valid, 8, false), 4);
        assertTrue(m.history().last().valAcc() >= 0.9, m.history().toString());
        Predictions p = m.predict(m.getBatches(valid, 16, false));
        assertEquals(16, p.size());
        assertEquals(List.of("dark", "light"), p.classes());
        assertTrue(p.accuracy(m.getBatches(valid, 16, false).labelIndices()) >= 0.9);
    }

    @Test
    void mismatchedClassesAreClearErrors() {
        MiniVgg m = tinyBase();
        Batches b = m.getBatches(train, 8);
        var e = assertThrows(IllegalArgumentException.class, () -> m.fit(b, null, 1));
        assertTrue(e.getMessage().contains("call finetune(batches) first"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> m.finetune(m.getTestBatches(test, 4)));
        assertTrue(e2.getMessage().contains("is unlabelled"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> m.predict(org.nd4j.linalg.factory.Nd4j.zeros(1, 3, 224, 224)));
        assertTrue(e3.getMessage().startsWith("MiniVgg takes images of shape [N, 1, 28, 28], got [1, 3, 224, 224]"), e3.getMessage());
    }
}

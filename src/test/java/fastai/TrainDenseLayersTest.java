package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import fastai.models.MiniVgg;

/** Lesson 2's second fine-tuning step: after finetune, the dense layers train too, the convolutions do not. */
class TrainDenseLayersTest {
    @TempDir Path tmp;

    @Test
    void denseLayersLearnConvolutionsStayFrozen() {
        Path train = Fixtures.learnable(tmp.resolve("train"), 16, 28, 1);
        MiniVgg m = (MiniVgg) MiniVgg.create(List.of("x", "y", "z"), new int[] {4, 8}, 16, 7).quiet(true);
        Batches b = m.getBatches(train, 8);
        m.finetune(b).learningRate(0.01).fit(b, null, 1);
        INDArray images = m.getBatches(train, 8, false).next().getFeatures().dup();
        INDArray outputBefore = m.predict(images).probabilities().dup();

        m.trainDenseLayers(0.001);
        // unfreezing keeps every weight: same predictions before any training
        assertEquals(0.0, m.predict(images).probabilities().sub(outputBefore).amaxNumber().doubleValue(), 1e-6);

        Map<String, INDArray> before = new HashMap<>();
        Map<String, Boolean> frozen = new HashMap<>();
        for (Layer l : m.graph().getLayers()) {
            if (l.numParams() == 0) continue;
            String name = l.conf().getLayer().getLayerName();
            before.put(name, l.params().dup());
            frozen.put(name, l instanceof FrozenLayer);
        }
        m.fit(b, null, 1);
        int denseTrained = 0, convFrozen = 0;
        for (Layer l : m.graph().getLayers()) {
            if (l.numParams() == 0) continue;
            String name = l.conf().getLayer().getLayerName();
            boolean isConv = l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer
                    || (l instanceof FrozenLayer f && f.getInsideLayer().conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer);
            if (isConv) {
                assertTrue(frozen.get(name), name + " (convolution) is frozen");
                assertEquals(before.get(name), l.params(), name + " kept its weights");
                convFrozen++;
            } else {
                assertFalse(frozen.get(name), name + " (dense) is trainable");
                assertNotEquals(before.get(name), l.params(), name + " learned");
                denseTrained++;
            }
        }
        assertEquals(4, convFrozen, "two conv blocks of two convolutions");
        assertEquals(3, denseTrained, "fc1, fc2 and the new output layer train");
    }

    @Test
    void lastConvBlockFoundAndTrainedWithTheDenseLayers() {
        Path train = Fixtures.learnable(tmp.resolve("train2"), 16, 28, 1);
        MiniVgg m = (MiniVgg) MiniVgg.create(List.of("x", "y", "z"), new int[] {4, 8}, 16, 7).quiet(true);
        Batches b = m.getBatches(train, 8);
        m.finetune(b).learningRate(0.01).fit(b, null, 1);
        assertEquals("block2_conv1", m.lastConvBlock());
        INDArray images = m.getBatches(train, 8, false).next().getFeatures().dup();
        INDArray outputBefore = m.predict(images).probabilities().dup();
        m.trainFrom(m.lastConvBlock(), 1e-3);
        assertEquals(0.0, m.predict(images).probabilities().sub(outputBefore).amaxNumber().doubleValue(), 1e-6, "weights kept");
        Map<String, INDArray> before = new HashMap<>();
        for (String n : List.of("block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2", "fc1", "fc2"))
            before.put(n, m.graph().getLayer(n).params().dup());
        m.fit(b, null, 1);
        for (String n : List.of("block1_conv1", "block1_conv2")) {
            assertTrue(m.graph().getLayer(n) instanceof FrozenLayer, n + " frozen");
            assertEquals(before.get(n), m.graph().getLayer(n).params(), n + " kept its weights");
        }
        for (String n : List.of("block2_conv1", "block2_conv2", "fc1", "fc2")) {
            assertFalse(m.graph().getLayer(n) instanceof FrozenLayer, n + " trainable");
            assertNotEquals(before.get(n), m.graph().getLayer(n).params(), n + " learned");
        }
        assertThrows(IllegalArgumentException.class, () -> m.trainFrom("nope", 1e-3));
    }
}

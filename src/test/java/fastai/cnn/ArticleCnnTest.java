package fastai.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

/** The article's CNN: sizes, dropout as DL4J means it, the decaying learning rate. */
class ArticleCnnTest {
    @Test void layersParametersDropoutAndSchedule() {
        ComputationGraph g = ArticleCnn.network(32, 1, 2, 1);
        // 3x3 convs 1->32, 32->32, 32->64; three poolings take 32 to 4, so dense sees 4*4*64 = 1024.
        long byHand = (9 * 32 + 32) + (32 * 9 * 32 + 32) + (32 * 9 * 64 + 64) + (1024 * 64 + 64) + (64 * 2 + 2);
        assertEquals(byHand, g.numParams());
        assertEquals(93_794, g.numParams());
        assertEquals(2, g.outputSingle(Nd4j.rand(DataType.FLOAT, 3, 1, 32, 32)).size(1));
        // Keep probabilities: 0.75 on the dense layer's input (Keras Dropout(0.25)), 0.5 on the output's.
        assertEquals(0.75, ((Dropout) ((BaseLayer) g.getLayer("dense").conf().getLayer()).getIDropout()).getP(), 1e-12);
        assertEquals(0.5, ((Dropout) ((BaseLayer) g.getLayer("out").conf().getLayer()).getIDropout()).getP(), 1e-12);
        // lr / (1 + decay * iteration), decay = 0.01 / 50, momentum 0.9.
        Nesterovs u = (Nesterovs) ((BaseLayer) g.getLayer("conv1").conf().getLayer()).getIUpdater();
        assertEquals(0.9, u.getMomentum(), 1e-12);
        for (int it : new int[] {0, 1, 625, 10_000}) assertEquals(0.01 / (1 + 0.0002 * it), u.getLearningRate(it, 0), 1e-12);
    }

    @Test void badSizesAreClearErrors() {
        assertEquals("image side must be at least 8 (three 2x2 poolings), got 4",
                assertThrows(IllegalArgumentException.class, () -> ArticleCnn.network(4, 1, 2, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ArticleCnn.network(32, 2, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> ArticleCnn.network(32, 1, 1, 1));
    }
}

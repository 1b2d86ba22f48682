package fastai.arch;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResidualTest {
    static final HeadOptions IMAGES = HeadOptions.on(1, 12, 12).classes(3).seed(7);

    static Map<String, INDArray> run(ComputationGraph g, INDArray x) {
        return g.feedForward(new INDArray[] {x}, false);
    }

    @Test void shapesAndTheSameParametersWithOrWithoutShortcuts() {
        ComputationGraph res = Residual.net(IMAGES, 8, 3, true), plain = Residual.net(IMAGES, 8, 3, false);
        assertEquals(plain.numParams(), res.numParams(), "a shortcut adds no parameter");
        // stem 1*8*9+8, then 3 blocks of two 8->8 3x3 convs, then softmax 8*3+3
        assertEquals(80 + 3 * 2 * (8 * 8 * 9 + 8) + 27, res.numParams());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 12, 12);
        var acts = run(res, x);
        assertArrayEquals(new long[] {2, 8, 6, 6}, acts.get("block1" + Residual.CONV1).shape());
        assertArrayEquals(new long[] {2, 8, 6, 6}, acts.get("block3" + Residual.ADD).shape());
        assertArrayEquals(new long[] {2, 8, 6, 6}, acts.get("block3" + Residual.OUT).shape());
        assertArrayEquals(new long[] {2, 3}, res.outputSingle(false, x).shape());
        assertFalse(run(plain, x).containsKey("block1" + Residual.ADD));
        assertThrows(IllegalArgumentException.class, () -> Residual.net(IMAGES, 8, -1, true));
    }

    static void zeroBlock(ComputationGraph g, String block) {
        for (String l : new String[] {block + Residual.CONV1, block + Residual.CONV2}) g.getLayer(l).params().assign(0);
    }

    @Test void aNetStartedAsIdentityIsItsStemAlone() {
        ComputationGraph res = Residual.net(IMAGES, 4, 3, true);
        assertEquals(3, Residual.startAsIdentity(res));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 12, 12);
        var acts = run(res, x);
        assertTrue(acts.get(Residual.STEM_POOL).equalsWithEps(acts.get("block3" + Residual.OUT), 1e-7), "three identity blocks");
        assertTrue(acts.get("block1" + Residual.CONV1).amaxNumber().doubleValue() > 0, "only the second convolution is zeroed");
        var e = assertThrows(IllegalArgumentException.class, () -> Residual.startAsIdentity(Residual.net(IMAGES, 4, 2, false)));
        assertTrue(e.getMessage().contains("no shortcut"), e.getMessage());
    }

    @Test void aBlockWithZeroWeightsPassesItsInputThrough() {
        ComputationGraph res = Residual.net(IMAGES, 4, 2, true), plain = Residual.net(IMAGES, 4, 2, false);
        zeroBlock(res, "block2");
        zeroBlock(plain, "block2");
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, 12, 12).subi(0.5);
        var acts = run(res, x);
        INDArray in = acts.get("block1" + Residual.OUT);   // block 2's input, the output of a ReLU, so >= 0
        assertTrue(in.minNumber().doubleValue() >= 0 && in.maxNumber().doubleValue() > 0);
        assertEquals(0.0, acts.get("block2" + Residual.CONV2).maxNumber().doubleValue(), 0.0, "F(x) = 0");
        assertTrue(in.equalsWithEps(acts.get("block2" + Residual.OUT), 1e-7), "relu(x + 0) = x for x >= 0: the identity");
        // the same block without its shortcut outputs nothing at all
        assertEquals(0.0, run(plain, x).get("block2" + Residual.OUT).amaxNumber().doubleValue(), 0.0);
        // and with non-zero weights the block's output is relu(x + F(x)), computed from its own parts
        ComputationGraph fresh = Residual.net(IMAGES, 4, 2, true);
        var a = run(fresh, x);
        INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.relu(a.get("block1" + Residual.OUT).add(a.get("block2" + Residual.CONV2)));
        assertTrue(expected.equalsWithEps(a.get("block2" + Residual.OUT), 1e-6));
    }
}

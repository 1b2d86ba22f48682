package fastai.models;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import fastai.cnn.LayerChain;

/** Batch norm inserted into a trained dense part leaves its outputs unchanged at insertion. */
class BatchNormsTest {

    static double maxDiff(INDArray a, INDArray b) {
        return Transforms.abs(a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
    }

    @Test
    void insertionIsTheIdentityOnTheMeasuredStatistics() {
        MiniVgg m = ConvSplitTest.tiny();
        ConvSplit s = ConvSplit.atLastConv(m);
        INDArray sample = s.features(ConvSplitTest.images(64, 5));
        ComputationGraph dense = Dropout.remove(s.densePart());
        ComputationGraph bn = BatchNorms.insertAfterDense(dense, sample);
        assertEquals(List.of("block2_pool", "fc1", "fc1_bn", "fc2", "fc2_bn", "predictions"), LayerChain.of(bn).names());

        // a fixed input that is not the sample: inference outputs equal
        INDArray fixed = s.features(ConvSplitTest.images(8, 6));
        assertTrue(maxDiff(dense.outputSingle(false, fixed), bn.outputSingle(false, fixed)) < 1e-5);
        // the batch norm layers' own outputs equal their inputs
        var acts = bn.feedForward(fixed, false);
        assertTrue(maxDiff(acts.get("fc1"), acts.get("fc1_bn")) < 1e-3);
        // in training mode a batch is normalized by its own statistics: on the sample itself these are the measured ones
        INDArray trainOut = bn.feedForward(sample, true).get("predictions");
        assertTrue(maxDiff(dense.outputSingle(false, sample), trainOut) < 1e-3, "training-mode output on the sample");
        // and the parameters are what the identity needs: gamma = sqrt(var + eps), beta = mean
        var l = bn.getLayer("fc2_bn");
        INDArray gamma = l.getParam("gamma"), var = l.getParam("var"), beta = l.getParam("beta"), mean = l.getParam("mean");
        assertTrue(maxDiff(gamma, Transforms.sqrt(var.add(BatchNorms.EPS))) < 1e-6);
        assertTrue(maxDiff(beta, mean) < 1e-7);
        INDArray fc2 = dense.feedForward(sample, false).get("fc2");
        assertTrue(maxDiff(mean.reshape(fc2.size(1)), fc2.mean(0)) < 1e-4, "mean is fc2's measured mean activation");
    }

    @Test
    void badInputIsAClearError() {
        MiniVgg m = ConvSplitTest.tiny();
        ComputationGraph dense = ConvSplit.atLastConv(m).densePart();
        var e = assertThrows(IllegalArgumentException.class, () -> BatchNorms.insertAfterDense(dense, Nd4j.zeros(DataType.FLOAT, 1, 8, 14, 14)));
        assertTrue(e.getMessage().contains("sample"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchNorms.insertAfterDense(null, Nd4j.zeros(2, 2)));
    }
}

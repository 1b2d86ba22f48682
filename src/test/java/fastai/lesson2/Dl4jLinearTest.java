package fastai.lesson2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import tech.tablesaw.api.Table;

class Dl4jLinearTest {
    @Test void oneDenseUnitLearnsTwoThreeAndOne() {
        DataSet data = Dl4jLinear.courseData(30, 42);
        assertEquals(30, data.numExamples());
        // y = x·[2, 3] + 1 row by row
        for (int i = 0; i < 30; i++) {
            double want = 2 * data.getFeatures().getDouble(i, 0) + 3 * data.getFeatures().getDouble(i, 1) + 1;
            assertEquals(want, data.getLabels().getDouble(i, 0), 1e-12);
        }
        MultiLayerNetwork net = Dl4jLinear.courseModel(42);
        double before = Dl4jLinear.loss(net, data);
        double[] losses = Dl4jLinear.fit(net, data, 20, 1, 42);
        assertTrue(losses[19] < before / 100, "loss " + before + " -> " + losses[19]);
        double[] w = Dl4jLinear.weights(net);
        assertEquals(2, w[0], 0.05);
        assertEquals(3, w[1], 0.05);
        assertEquals(1, Dl4jLinear.bias(net), 0.05);
        Table t = Dl4jLinear.compare(net);
        assertEquals(3, t.rowCount());
        assertEquals("bias", t.getString(2, 0));
    }
}

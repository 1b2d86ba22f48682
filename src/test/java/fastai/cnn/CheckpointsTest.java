package fastai.cnn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import fastai.train.History;
import fastai.train.Data;
import fastai.train.Fit;

/** A checkpoint per epoch through Fit.onEpoch, the learning rate stepped there too, and back to the best. */
class CheckpointsTest {
    @TempDir Path tmp;

    @Test void savesEveryEpochStepsTheRateAndLoadsTheBest() throws Exception {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(0.1)).graphBuilder()
                .addInputs("in")
                .addLayer("h", new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(2).activation(Activation.SOFTMAX).build(), "h")
                .setOutputs("out").build());
        g.init();
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 4).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 64, 2);
        for (int i = 0; i < 64; i++) y.putScalar(i, x.getDouble(i, 0) + x.getDouble(i, 1) > 0 ? 1 : 0, 1);
        Checkpoints ck = new Checkpoints(g, tmp.resolve("ck"), "toy");
        double[] rates = {0.1, 0.01, 0.001};
        List<INDArray> params = new ArrayList<>();
        List<Double> ratesSeen = new ArrayList<>();
        History h = Fit.of(g).epochs(4).batchSize(16).quiet(true).validation(Data.arrays(x, y))
                .onEpoch(e -> {
                    ck.accept(e);
                    params.add(g.params().dup());
                    ratesSeen.add(g.getLearningRate("out"));
                    g.setLearningRate(rates[Math.min(e.epoch(), rates.length - 1)]);
                })
                .run(Data.arrays(x, y));
        assertEquals(4, ck.saved().size());
        for (int e = 1; e <= 4; e++) assertTrue(Files.isRegularFile(tmp.resolve("ck").resolve(String.format("toy-epoch%02d.zip", e))));
        try (var files = Files.list(tmp.resolve("ck"))) {
            assertEquals(4, files.count(), "no temporary files left behind");
        }
        assertEquals(List.of(0.1, 0.01, 0.001, 0.001), ratesSeen, "the rate each epoch trained with");
        // best = highest validation accuracy, then lowest loss, then earliest: computed here from the history
        int best = 0;
        for (int i = 1; i < 4; i++) {
            var a = h.epochs().get(i);
            var b = h.epochs().get(best);
            if (a.valAcc() > b.valAcc() || (a.valAcc() == b.valAcc() && a.valLoss() < b.valLoss())) best = i;
        }
        assertEquals(best + 1, ck.best().epoch());
        ComputationGraph back = ck.loadBest();
        assertEquals(params.get(best), back.params(), "the best epoch's weights, restored from its file");
        assertEquals(h.epochs().get(best).valAcc(), fastai.train.Evaluate.of(back, Data.arrays(x, y)).accuracy(), 1e-9);
    }

    @Test void noCheckpointYetIsAClearError() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .addLayer("out", new OutputLayer.Builder().nIn(2).nOut(2).activation(Activation.SOFTMAX).build(), "in").setOutputs("out").build());
        g.init();
        assertThrows(IllegalStateException.class, () -> new Checkpoints(g, tmp, "x").best());
        assertThrows(IllegalArgumentException.class, () -> new Checkpoints(g, tmp, "a/b"));
    }
}

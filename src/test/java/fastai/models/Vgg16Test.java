package fastai.models;

import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import fastai.train.History;
import fastai.Batches;
import fastai.CourseModel;
import fastai.Predictions;

class Vgg16Test {
    @TempDir Path tmp;

    @Test
    void weightsFileOfTheWrongShapeNamesThePath() throws Exception {
        // 13 convs + 3 dense like VGG16, but far too small
        var b = new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in");
        String last = "in";
        for (int i = 1; i <= 13; i++) {
            b.addLayer("c" + i, new ConvolutionLayer.Builder(3, 3).padding(1, 1).nOut(4).build(), last);
            last = "c" + i;
        }
        b.addLayer("d1", new DenseLayer.Builder().nOut(8).build(), last)
         .addLayer("d2", new DenseLayer.Builder().nOut(8).build(), "d1")
         .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build(), "d2")
         .setOutputs("out").setInputTypes(InputType.convolutional(4, 4, 3));
        ComputationGraph small = new ComputationGraph(b.build());
        small.init();
        Path f = tmp.resolve("vgg16_dl4j_inference.zip");
        ModelSerializer.writeModel(small, f.toFile(), false);
        var e = assertThrows(IllegalArgumentException.class, () -> Vgg16.load(f));
        assertEquals(f + " does not hold VGG16 weights: layer 1 (c1) has weights of shape [4, 3, 3, 3], expected [64, 3, 3, 3]",
                e.getMessage());

        // a model with a different number of layers
        Path mini = tmp.resolve("mini.zip");
        ModelSerializer.writeModel(MiniVgg.network(28, new int[] {4}, 8, 2, 0), mini.toFile(), false);
        var e2 = assertThrows(IllegalArgumentException.class, () -> Vgg16.load(mini));
        assertEquals(mini + " does not hold VGG16 weights: it has 5 weight layers, expected 16", e2.getMessage());
    }

    @Test
    void notAModelFileAtAll() throws Exception {
        Path junk = Files.writeString(tmp.resolve("weights.zip"), "not a zip");
        var e = assertThrows(IllegalArgumentException.class, () -> Vgg16.load(junk));
        assertTrue(e.getMessage().startsWith(junk + " is not a DL4J ComputationGraph file"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path h5 = Files.writeString(tmp.resolve("vgg16.h5"), "not hdf5");
        var e2 = assertThrows(IllegalArgumentException.class, () -> Vgg16.load(h5));
        assertTrue(e2.getMessage().startsWith(h5 + " is not a Keras model file DL4J can import"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> Vgg16.load(tmp.resolve("absent.zip")));
        assertEquals("VGG16 weights not found: " + tmp.resolve("absent.zip"), e3.getMessage());
    }

    @Test
    void classNamesFileErrors() throws Exception {
        Path f = Files.writeString(tmp.resolve("names.txt"), "tench\ngoldfish\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ImageNetClasses.load(f));
        assertEquals(f + " has 2 class names, expected 1000", e.getMessage());
    }

    /** The real architecture (138M random weights, ~0.6 GB): shape check, predict, finetune. */
    @Test
    @Tag("slow")
    void realArchitecture() {
        Vgg16 v = Vgg16.create();
        assertEquals(1000, v.classes().size());
        assertEquals(138_357_544L, v.graph().numParams());
        assertEquals(1000, Vgg16.checkArchitecture(v.graph(), Path.of("random")));
        Predictions p = v.predict(Nd4j.rand(DataType.FLOAT, 1, 3, 224, 224).muli(255));
        assertArrayEquals(new long[] {1, 1000}, p.probabilities().shape());
        Path train = Fixtures.classFolders(tmp.resolve("train"), 2, 16, "cats", "dogs");
        Batches b = v.getBatches(train, 2);
        assertArrayEquals(new long[] {2, 3, 224, 224}, b.next().getFeatures().shape());
        var fc2Before = v.graph().getLayer("19").params().dup();
        v.quiet(true).finetune(b);
        assertEquals(2, Vgg16.checkArchitecture(v.graph(), Path.of("finetuned")));
        assertEquals(List.of("cats", "dogs"), v.classes());
        var headBefore = v.graph().getLayer(CourseModel.FINETUNE_LAYER).params().dup();
        History h = v.fit(b, b, 1);
        assertEquals(4, h.last().images());
        assertEquals(fc2Before, v.graph().getLayer("19").params(), "fc2 is frozen");
        assertNotEquals(headBefore, v.graph().getLayer(CourseModel.FINETUNE_LAYER).params());
    }
}

package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import fastai.models.MiniVgg;
import fastai.models.Vgg16;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Utils#pretrainedModel}: the notebooks' one call for a base net. It takes the base net
 * cached under this data folder (never one from elsewhere), and switches to VGG16 only when
 * VGG16's weights are in the models folder.
 */
class PretrainedModelTest {
    @Test
    void loadsTheCachedBaseNetOfThisDataFolder(@TempDir Path data) throws Exception {
        String before = System.getProperty("fastai.data");
        System.setProperty("fastai.data", data.toString());
        try {
            assertEquals(data.resolve("models"), Config.modelsDir());
            assertFalse(Vgg16.weightsPresent());
            MiniVgg tiny = MiniVgg.create(List.of("boot", "sandal"), new int[] {4, 8}, 16, 3);
            Path cache = MiniVgg.saveCache(tiny, MiniVgg.cachedFile());
            assertTrue(cache.startsWith(data), cache + " lies under the data folder");

            CourseModel m = Utils.pretrainedModel();
            assertInstanceOf(MiniVgg.class, m, "no VGG16 weights: the small base net");
            assertEquals(List.of("boot", "sandal"), m.classes());
            assertEquals(tiny.graph().params(), m.graph().params(), "the very weights that were cached");

            // VGG16's weights file in the models folder switches the notebooks to VGG16; a broken one fails naming it
            Files.writeString(Vgg16.defaultWeights(), "not a model");
            assertTrue(Vgg16.weightsPresent());
            Exception e = assertThrows(Exception.class, Utils::pretrainedModel);
            assertTrue(String.valueOf(e.getMessage()).contains("vgg16_dl4j_inference.zip"), "names the file: " + e.getMessage());
        } finally {
            if (before == null) System.clearProperty("fastai.data"); else System.setProperty("fastai.data", before);
        }
    }
}

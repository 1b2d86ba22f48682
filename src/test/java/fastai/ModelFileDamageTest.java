package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.CacheFiles;
import fastai.models.MiniVgg;

/** A truncated model zip is called truncated, with the size it was written with when that was recorded. */
class ModelFileDamageTest {
    @TempDir Path tmp;

    private static MiniVgg tiny() { return MiniVgg.create(List.of("a", "b"), new int[] {2}, 4, 1); }

    @Test void aTruncatedModelSaysSoAndHowBigItWas() throws Exception {
        Path plain = tiny().save(tmp.resolve("plain.zip"));
        byte[] all = Files.readAllBytes(plain);
        Files.write(plain, Arrays.copyOf(all, all.length / 2));
        var e = assertThrows(IllegalArgumentException.class, () -> CourseModel.load(plain));
        assertTrue(e.getMessage().startsWith(plain.toAbsolutePath() + " is truncated or corrupt: " + all.length / 2 + " bytes,"
                + " and the zip directory at its end is missing or broken"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; save or copy the model again"), e.getMessage());

        // a cache file has a record of its size: the message says how big it should be
        Path cached = MiniVgg.saveCache(tiny(), tmp.resolve("cached.zip"));
        long size = Files.size(cached);
        byte[] c = Files.readAllBytes(cached);
        Files.write(cached, Arrays.copyOf(c, 1000));
        e = assertThrows(IllegalArgumentException.class, () -> CourseModel.load(cached));
        assertEquals(cached.toAbsolutePath() + " is damaged, truncated: 1000 bytes, expected " + size + ": save or copy it again", e.getMessage());
        Files.delete(CacheFiles.record(cached));
        Files.write(CacheFiles.record(cached).resolveSibling("x"), new byte[0]);
        e = assertThrows(IllegalArgumentException.class, () -> MiniVgg.load(cached));
        assertTrue(e.getMessage().startsWith(cached.toAbsolutePath() + " is truncated or corrupt: 1000 bytes"), e.getMessage());
    }

    @Test void otherFilesAreNamedForWhatTheyAre() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.zip"), new byte[0]);
        assertEquals(empty.toAbsolutePath() + " is empty (0 bytes): save or copy the model again",
                assertThrows(IllegalArgumentException.class, () -> CourseModel.load(empty)).getMessage());
        Path text = Files.writeString(tmp.resolve("text.zip"), "hello");
        assertEquals(text.toAbsolutePath() + " is not a model saved by CourseModel.save (not a zip file)",
                assertThrows(IllegalArgumentException.class, () -> CourseModel.load(text)).getMessage());
        Path other = tmp.resolve("other.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(other))) {
            z.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            z.write("hi".getBytes());
        }
        assertEquals(other.toAbsolutePath() + " is not a model saved by CourseModel.save (a zip with 1 entries but no fastai-model.json)",
                assertThrows(IllegalArgumentException.class, () -> CourseModel.load(other)).getMessage());
    }
}

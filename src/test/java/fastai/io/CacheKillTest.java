package fastai.io;

import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.models.Bottleneck;
import fastai.models.MiniVgg;
import fastai.BatchOptions;
import fastai.Batches;

/**
 * The caches' writers killed (SIGKILL) at random moments: the next run either loads exactly what
 * was written or says why not and makes it again; it never loads a damaged file.
 */
class CacheKillTest {
    @TempDir Path tmp;

    static final List<String> CLASSES = List.of("a", "b");

    static MiniVgg tiny(long seed) {
        MiniVgg m = MiniVgg.create(CLASSES, new int[] {2}, 4, seed);
        m.note("seed " + seed);
        return m;
    }

    /** The child: writes a cache again and again (other content each time) until it is killed. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("model")) {
            for (long seed = 1; ; seed++) {
                MiniVgg.saveCache(tiny(seed), dir.resolve("base.zip"));
                if (seed == 1) ready();
            }
        } else {
            Batches b = Batches.open(Path.of(args[2]), features());
            MiniVgg[] models = {tiny(1), tiny(2)};
            for (int i = 0; ; i++) {
                Bottleneck.features(models[i % 2], b, dir, "train");
                if (i == 0) ready();
            }
        }
    }

    /** Said once the first write is done, so that the kill lands among the writes, not in the JVM's start. */
    private static void ready() {
        System.out.println("ready");
        System.out.flush();
    }

    static BatchOptions features() {
        return BatchOptions.defaults().size(MiniVgg.SIDE).channels(1).batchSize(4).shuffle(false);
    }

    /** Starts the child, lets it run a random while after it is up, kills it. */
    private static void killAtRandom(Random rnd, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                CacheKillTest.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.equals("ready")) { /* JVM start */ }
            assertEquals("ready", line);
            Thread.sleep(rnd.nextInt(1500));   // many writes fall in this window
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test void aKilledModelCacheWriterNeverLeavesALoadableDamagedFile() throws Exception {
        Random rnd = new Random(42);
        Path cache = tmp.resolve("base.zip");
        int loaded = 0, rebuilt = 0;
        for (int round = 0; round < 4; round++) {
            killAtRandom(rnd, "model", tmp.toString());
            boolean[] trained = {false};
            MiniVgg m = MiniVgg.loadOrTrain(cache, () -> {
                trained[0] = true;
                MiniVgg fresh = tiny(999);
                MiniVgg.saveCache(fresh, cache);
                return fresh;
            });
            long seed = Long.parseLong(m.note().substring("seed ".length()));
            assertEquals(tiny(seed).graph().params(), m.graph().params(), "the loaded net is exactly the one saved with seed " + seed);
            if (trained[0]) rebuilt++; else loaded++;
            assertNull(CacheFiles.problem(cache));
            // the killed writer's temporary files go with the next write
            MiniVgg.saveCache(tiny(5), cache);
            assertEquals(List.of(), CacheFiles.leftovers(cache));
            CacheFiles.delete(cache);
        }
        System.out.println("model cache after a kill: loaded " + loaded + ", rebuilt " + rebuilt);
    }

    @Test void killedFeatureWritersLeaveNothingThatLoadsWrong() throws Exception {
        Random rnd = new Random(7);
        Path data = tmp.resolve("data");
        for (String c : CLASSES) for (int i = 0; i < 6; i++) Fixtures.grayPng(data.resolve(c).resolve(i + ".png"), 28, 40 * i + (c.equals("a") ? 0 : 17));
        Path dir = tmp.resolve("features");
        Batches b = Batches.open(data, features());
        MiniVgg a = tiny(1);
        Bottleneck.Features expected = Bottleneck.compute(a, b);
        int loaded = 0;
        for (int round = 0; round < 4; round++) {
            killAtRandom(rnd, "features", dir.toString(), data.toString());
            Bottleneck.Features f = Bottleneck.features(a, b, dir, "train");
            if (f.loaded()) loaded++;
            assertEquals(expected.x(), f.x(), "round " + round + (f.loaded() ? " (loaded)" : " (computed)"));
            assertEquals(expected.y(), f.y());
            assertTrue(Bottleneck.features(a, b, dir, "train").loaded(), "complete after the next run");
        }
        System.out.println("features after a kill: loaded " + loaded + ", computed " + (4 - loaded));
    }

    @Test void aDamagedCacheIsRebuiltWithAMessage() throws Exception {
        Path cache = tmp.resolve("base.zip");
        MiniVgg.saveCache(tiny(3), cache);
        byte[] bytes = Files.readAllBytes(cache);
        bytes[bytes.length / 2] ^= 0x10;          // one bit, inside the weights: the zip may still open
        Files.write(cache, bytes);
        assertEquals("corrupt: its SHA-256 is not the recorded one", CacheFiles.problem(cache));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        MiniVgg m;
        try {
            m = MiniVgg.loadOrTrain(cache, () -> { MiniVgg f = tiny(4); MiniVgg.saveCache(f, cache); return f; });
        } finally {
            System.setOut(old);
        }
        assertEquals("seed 4", m.note());
        assertEquals("cached base net " + cache + " is not usable (corrupt: its SHA-256 is not the recorded one); training it again\n",
                out.toString(StandardCharsets.UTF_8));

        // a cache made before records existed is taken when its zip checks out, and given a record
        Files.delete(CacheFiles.record(cache));
        assertEquals("seed 4", MiniVgg.loadOrTrain(cache, () -> fail("should load")).note());
        assertNull(CacheFiles.problem(cache));
    }
}

package fastai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @Test
    void theEnvironmentDecidesAndThePropertyIsTheDefault() {
        assertTrue(Config.quick("1", null));
        assertTrue(Config.quick("true", "false"));
        assertFalse(Config.quick("0", "true"), "an explicit FASTAI_QUICK=0 is full mode even under mvn test's default");
        assertTrue(Config.quick(null, "true"), "a plain mvn test is quick");
        assertTrue(Config.quick("  ", "true"));
        assertFalse(Config.quick(null, null), "a learner's JVM with nothing set is full mode");
        assertFalse(Config.quick("yes", "true"), "only 1 or true switch quick mode on");
    }

    @Test
    void quickOrPicksByMode() {
        // surefire sets fastai.quick=true; the environment wins only where FASTAI_QUICK is set
        String env = System.getenv("FASTAI_QUICK");
        boolean expected = env == null || env.isBlank() ? true : "1".equals(env.strip()) || "true".equalsIgnoreCase(env.strip());
        assertEquals(expected, Config.quick());
        assertEquals(expected ? 2 : 50, Config.quickOr(2, 50));
    }

    /** Sets system properties for the duration of {@code body}, then puts back what was there. */
    static void withProperties(Map<String, String> props, Runnable body) {
        Map<String, String> before = new HashMap<>();
        for (String k : props.keySet()) before.put(k, System.getProperty(k));
        try {
            props.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
            body.run();
        } finally {
            before.forEach((k, v) -> { if (v == null) System.clearProperty(k); else System.setProperty(k, v); });
        }
    }

    @Test
    void foldersFollowHomeAndCanEachBeMovedAlone(@TempDir Path tmp) {
        Path home = tmp.resolve("checkout"), data = tmp.resolve("elsewhere/data"), results = tmp.resolve("out/results");
        Map<String, String> p = new HashMap<>();
        p.put("fastai.home", home.toString());
        p.put("fastai.data", null);
        p.put("fastai.results", null);
        withProperties(p, () -> {
            assertEquals(home, Config.home());
            assertEquals(home.resolve("data"), Config.dataDir(), "data defaults to home/data");
            assertEquals(home.resolve("data/models"), Config.modelsDir());
            assertEquals(home.resolve("results"), Config.resultsDir());
            assertTrue(Files.isDirectory(home.resolve("results")), "the results folder is made on first use");
        });
        p.put("fastai.data", data.toString());
        p.put("fastai.results", results.toString());
        withProperties(p, () -> {
            assertEquals(home, Config.home());
            assertEquals(data, Config.dataDir());
            assertEquals(data.resolve("models"), Config.modelsDir(), "models live with the data");
            assertEquals(results, Config.resultsDir());
            assertTrue(Files.isDirectory(results));
        });
    }

    @Test
    void aResultsFolderThatCannotBeMadeIsNamed(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Map<String, String> p = new HashMap<>();
        p.put("fastai.results", file.resolve("results").toString());
        withProperties(p, () -> {
            var e = assertThrows(IllegalStateException.class, Config::resultsDir);
            assertTrue(e.getMessage().startsWith("cannot create the results folder " + file.resolve("results")), e.getMessage());
        });
    }
}

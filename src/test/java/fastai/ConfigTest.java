package fastai;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void theEnvironmentDecidesAndThePropertyIsTheDefault() {
        assertTrue(Config.quick("1", null));
        assertTrue(Config.quick("true", "false"));
        assertFalse(Config.quick("0", "true"), "an explicit FASTAI_QUICK=0 is full mode even under mvn test's default");
        assertTrue(Config.quick(null, "true"), "a plain mvn test is quick");
        assertTrue(Config.quick("  ", "true"));
        assertFalse(Config.quick(null, null), "a learner's JVM with nothing set is full mode");
    }
}

package fastai.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ErrorsTest {
    @Test
    void compileSummaryNamesTheMissingSymbol() {
        String[] javac = "cannot find symbol\n  symbol:   variable foo\n  location: class".split("\n");
        assertEquals("cannot find symbol: variable foo", Errors.summary(javac));
        assertEquals("';' expected", Errors.summary(new String[] {"';' expected"}));
    }

    @Test
    void jshellWrapperNamesAreRemoved() {
        assertEquals("Cannot invoke \"String.length()\" because \"n\" is null",
                Errors.unwrap("Cannot invoke \"String.length()\" because \"REPL.$JShell$9.n\" is null"));
        assertEquals("class Point cannot be cast to class java.lang.String",
                Errors.unwrap("class REPL.$JShell$12$Point cannot be cast to class java.lang.String"));
        assertEquals("MyError", Errors.unwrap("REPL.$JShell$15C$MyError"));
        assertEquals("java.lang.IllegalStateException", Errors.unwrap("java.lang.IllegalStateException"));
    }

    @Test
    void recursionIsFoldedAndOtherFramesKept() {
        List<String> stack = new ArrayList<>();
        for (int i = 0; i < 1024; i++) stack.add("at deep (cell [3], line 1)");
        assertEquals(List.of("at deep (cell [3], line 1)", "    ... 1,023 more identical lines"), Errors.fold(stack));

        List<String> mutual = new ArrayList<>(List.of("at top"));
        for (int i = 0; i < 100; i++) { mutual.add("at even"); mutual.add("at odd"); }
        mutual.add("at main");
        assertEquals(List.of("at top", "at even", "at odd", "    ... 198 more identical lines (the 2 above, repeated)", "at main"),
                Errors.fold(mutual));

        List<String> plain = List.of("at a", "at b", "at b", "at c", "at c", "at c");
        assertEquals(plain, Errors.fold(plain), "two or three repeats are left as they are");
    }
}

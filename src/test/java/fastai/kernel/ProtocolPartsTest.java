package fastai.kernel;

import fastai.kernel.remote.Frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jdk.jshell.JShell;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ProtocolPartsTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void signerMatchesHmacSha256AndRejectsTampering() {
        Signer s = new Signer("hmac-sha256", "key");
        // RFC 4231-style check against a known value: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                s.sign(b("The quick brown fox "), b("jumps over the lazy dog")));
        String sig = s.sign(b("{}"), b("{}"), b("{}"), b("{\"code\":\"1\"}"));
        assertTrue(s.verify(sig, b("{}"), b("{}"), b("{}"), b("{\"code\":\"1\"}")));
        assertFalse(s.verify(sig, b("{}"), b("{}"), b("{}"), b("{\"code\":\"2\"}")));
        assertFalse(new Signer("hmac-sha256", "other").verify(sig, b("{}"), b("{}"), b("{}"), b("{\"code\":\"1\"}")));
        assertTrue(new Signer("hmac-sha256", "").verify("", b("x")));
    }

    @Test
    void historyTailRangeSearch() {
        CellHistory h = new CellHistory();
        h.add(1, "1 + 2", "3");
        h.add(2, "int x = 1;", null);
        h.add(3, "1 + 2", "3");
        h.add(4, "x * 2", "2");
        assertEquals(2, h.tail(2, false).size());
        JsonArray row = h.tail(1, true).get(0).getAsJsonArray();
        assertEquals(4, row.get(1).getAsInt());
        assertEquals("x * 2", row.get(2).getAsJsonArray().get(0).getAsString());
        assertEquals(1, h.range(CellHistory.SESSION, 2, 3, false).size());
        assertEquals(2, h.search("1 + ?", 0, false, false).size());
        assertEquals(1, h.search("1 + ?", 0, true, false).size());
        assertEquals(1, h.search("1 + ?", 1, false, false).size());
        assertEquals(4, h.search("*", 0, false, false).size());
        assertEquals(1, h.search("[x]*", 0, false, false).size());
    }

    @Test
    void framesEscapeEverythingTheParserLooksFor() {
        String f = Frames.encode("update", "p\"1", java.util.Map.of("text/plain", "a\u0003b\u0002c\\d\n"), true);
        assertTrue(f.startsWith(Frames.START));
        assertEquals(Frames.END, f.charAt(f.length() - 1));
        String json = f.substring(Frames.START.length(), f.length() - 1);
        assertEquals(-1, json.indexOf(Frames.END));
        assertEquals(-1, json.indexOf('\u0002'));
        var o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        assertEquals("p\"1", o.get("id").getAsString());
        assertEquals("a\u0003b\u0002c\\d\n", o.getAsJsonObject("data").get("text/plain").getAsString());
        assertTrue(o.get("wait").getAsBoolean());
    }

    @Test
    void cellsSplitIntoSnippetsWithTheirOffsets() {
        try (JShell js = JShell.builder().executionEngine("local").build()) {
            // Only a cell's last expression may leave out its semicolon (as in Java, a newline ends nothing).
            String cell = "int a = 1;\n\n  a + 1;\n// note\nvoid f() {\n}\n";
            List<CellSplitter.Piece> pieces = CellSplitter.split(js.sourceCodeAnalysis(), cell);
            assertEquals(3, pieces.size(), pieces.toString());
            assertEquals("int a = 1;", pieces.get(0).source());
            assertEquals(0, pieces.get(0).offset());
            assertTrue(pieces.get(1).source().startsWith("a + 1"), pieces.get(1).source());
            assertEquals(3, CellSplitter.lineColumn(cell, pieces.get(1).offset())[0]);
            assertEquals(3, CellSplitter.lineColumn(cell, pieces.get(1).offset())[1]);
            assertTrue(pieces.get(2).source().contains("void f()"));
            assertEquals(List.of("%jars a.jar"), Magics.parse("%jars a.jar\nint x;").lines());
            assertEquals("int x;", Magics.parse("%jars a.jar\nint x;").code());
            String[] inc = Introspection.isComplete(js.sourceCodeAnalysis(), "if (true) {\n  int y = 1;");
            assertEquals("incomplete", inc[0]);
            assertEquals("  ", inc[1]);
            assertEquals("invalid", Introspection.isComplete(js.sourceCodeAnalysis(), "int z = ;")[0]);
            assertEquals("complete", Introspection.isComplete(js.sourceCodeAnalysis(), "int a = 1; a + 1")[0]);
            // JShell calls these complete (they end where a snippet may end); they do not parse
            for (String bad : List.of("int 3x = 1;", "1 +* 2;", "int = 5;", "int a = 1;\nint b = a +* 2;", "class { }")) {
                assertEquals("invalid", Introspection.isComplete(js.sourceCodeAnalysis(), bad)[0], bad);
            }
            // valid Java of every kind stays complete, even with names not defined yet
            for (String good : List.of("undefinedYet(1)", "x -> x", "import java.util.*;", "record R(int a) { }",
                    "@interface Q { }", "void f() { } // trailing comment", "label: for (;;) break label;",
                    "var v = switch (1) { case 1 -> 2; default -> 3; };", "String t = \"\"\"\n  hi\n  \"\"\";",
                    "int[] arr = {1, 2};", "public static final int K = 1;", "enum E { A, B }", "%jars a.jar\nint q = 1;")) {
                assertEquals("complete", Introspection.isComplete(js.sourceCodeAnalysis(), good)[0], good);
            }
        }
    }

    @Test
    void cursorPositionsConvertBetweenCodePointsAndUtf16() {
        String s = "🐱 + x";
        assertEquals(3, Introspection.toUtf16(s, 2));
        assertEquals(2, Introspection.toCodePoints(s, 3));
    }
}

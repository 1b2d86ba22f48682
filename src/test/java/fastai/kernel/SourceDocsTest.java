package fastai.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jshell.JShell;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Inspect's Javadoc from sources: the course library's own (lib/src) and ND4J's -sources.jar
 * beside its jar in ~/.m2 ({@code ./fastai setup} fetches it; a missing one fails with that hint).
 */
@Tag("fast")
class SourceDocsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static Introspection.Doc inspect(String code) throws Exception {
        // the cells' class path as the kernel has it (surefire's own java.class.path is a manifest jar)
        List<String> cp = new java.util.ArrayList<>(List.of(ROOT.resolve("target/classes").toString()));
        cp.addAll(List.of(Files.readString(ROOT.resolve("target/classpath.txt")).trim().split(File.pathSeparator)));
        try (JShell js = JShell.builder().executionEngine("local").build()) {
            js.addToClasspath(String.join(File.pathSeparator, cp));
            return Introspection.inspect(js.sourceCodeAnalysis(), new SourceDocs(ROOT, () -> cp), code, code.length());
        }
    }

    @Test
    void aLibraryMethodShowsItsDocCommentsFirstSentence() throws Exception {
        Introspection.Doc doc = inspect("fastai.Config.quickOr(");
        assertTrue(doc.found());
        assertTrue(doc.markdown().startsWith("```java\nint fastai.Config.quickOr(int quickValue, int fullValue)\n```\n"), doc.markdown());
        String expected = "Picks the quick value in quick mode and the full value otherwise.";
        assertTrue(doc.markdown().contains(expected), doc.markdown());
        assertTrue(doc.text().contains(expected), doc.text());
    }

    @Test
    void anNd4jMethodShowsItsJavadocFromTheSourcesJar() throws Exception {
        Path jar = Path.of(System.getProperty("user.home"), ".m2/repository/org/nd4j/nd4j-api/1.0.0-M2.1/nd4j-api-1.0.0-M2.1-sources.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: ./fastai setup fetches the sources jars (mvn dependency:sources)");
        String md = inspect("org.nd4j.linalg.factory.Nd4j.zeros(").markdown();
        // each overload gets its own comment: the one with (rows, columns, ordering), not another's
        int at = md.indexOf("Nd4j.zeros(int rows, int columns, char ordering)\n```");
        assertTrue(at > 0, md);
        String after = md.substring(at);
        assertTrue(after.contains("Create a 2D array initialized with zeros."), md);
        assertTrue(after.contains("**Parameters**\n- `rows` the rows of the ndarray\n- `columns` the columns of the ndarray"), md);
    }

    @Test
    void javadocHtmlAndTagsBecomeMarkdown() {
        String md = JavadocMarkdown.markdown("""
                 Adds {@code n} to each element; see {@link #sub(Number, Number) sub} and {@link Foo#bar(int, int)}.
                 <p>Example:
                 <pre>{@code
                 x.add(1);
                 }</pre>
                 @param n the number, &lt;b&gt; literally
                 @return the same array
                 @throws IllegalStateException when closed
                """);
        assertEquals("""
                Adds `n` to each element; see sub and `Foo.bar(int, int)`.

                Example:

                ```java
                x.add(1);
                ```

                **Parameters**
                - `n` the number, <b> literally

                **Returns** the same array

                **Throws**
                - `IllegalStateException` when closed""", md);
        assertEquals("Adds `n` to each element; see sub and `Foo.bar(int, int)`.", JavadocMarkdown.firstSentence(md));
    }
}

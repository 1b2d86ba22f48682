package fastai.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The parts of %maven that need no Maven run (the kernel behaviour tests run it against a fixture repository). */
@Tag("fast")
class MavenMagicTest {
    @Test
    void mavensErrorsBecomeOneLine() {
        // Maven 3.8.7's output, as recorded against a file repository and a closed port
        String notFound = "\u001b[0m[ERROR] Failed to execute goal on project maven-magic: Could not resolve dependencies for project "
                + "fastai.kernel:maven-magic:jar:1: Could not find artifact x.y:nothere:jar:1.0 in central (file:///tmp/repo) -> [Help 1]\n[ERROR] \n";
        assertEquals("%maven: x.y:nothere:jar:1.0 was not found in file:///tmp/repo (check the group, artifact and version)",
                MavenMagic.explain(notFound, List.of("x.y:nothere:1.0"), "file:///tmp/repo"));
        String noNetwork = "[ERROR] Failed to execute goal on project maven-magic: Could not resolve dependencies for project "
                + "fastai.kernel:maven-magic:jar:1: Failed to collect dependencies at x.y:z:jar:1.0: Failed to read artifact descriptor "
                + "for x.y:z:jar:1.0: Could not transfer artifact x.y:z:pom:1.0 from/to central (https://repo.maven.apache.org/maven2): "
                + "transfer failed for https://repo.maven.apache.org/maven2/x/y/z/1.0/z-1.0.pom: repo.maven.apache.org: "
                + "Temporary failure in name resolution -> [Help 1]\n";
        assertEquals("%maven: could not download x.y:z:pom:1.0 from https://repo.maven.apache.org/maven2 "
                + "(no network? Temporary failure in name resolution)", MavenMagic.explain(noNetwork, List.of("x.y:z:1.0"), null));
        assertTrue(MavenMagic.explain("[ERROR] something else\n", List.of("a:b:1"), null).startsWith("%maven: Maven could not resolve a:b:1: something else"));
    }

    @Test
    void jarsInARepositoryLayoutAreNamedByArtifactAndVersion() {
        assertArrayEquals(new String[] {"commons/commons-lang3", "3.14.0", "commons-lang3"},
                MavenMagic.artifactOf(Path.of("/r/org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar")));
        assertArrayEquals(new String[] {"nd4j/nd4j-native-linux-x86_64", "1.0.0-M2.1", "nd4j-native-linux-x86_64"},
                MavenMagic.artifactOf(Path.of("/r/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1-linux-x86_64.jar")));
        assertNull(MavenMagic.artifactOf(Path.of("/work/lib/extra.jar")));
        assertNull(MavenMagic.artifactOf(Path.of("/work/target/classes")));
    }

    @Test
    void thePomNamesTheArtifactsAndReplacesCentral() {
        String pom = MavenMagic.pom(List.of("a.b:c:1.0", "d:e:2"), "file:///tmp/r&x", List.of());
        assertTrue(pom.contains("<groupId>a.b</groupId><artifactId>c</artifactId><version>1.0</version>"), pom);
        assertTrue(pom.contains("<groupId>d</groupId><artifactId>e</artifactId><version>2</version>"), pom);
        assertTrue(pom.contains("<id>central</id><url>file:///tmp/r&amp;x</url>"), pom);
        assertTrue(!MavenMagic.pom(List.of("a:b:1"), null, List.of()).contains("<repositories>"));
    }

    @Test
    void aPomsDependenciesAreReadWithTheirPropertiesAndScopes() throws Exception {
        PomDependencies pom = PomDependencies.readString("""
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>x</groupId><artifactId>y</artifactId><version>3.1</version>
                  <properties><jsoup.version>1.17.2</jsoup.version></properties>
                  <repositories><repository><id>r</id><url>file:///tmp/fixture</url></repository></repositories>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>m</groupId><artifactId>managed</artifactId><version>9</version></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies>
                    <dependency><groupId>org.jsoup</groupId><artifactId>jsoup</artifactId><version>${jsoup.version}</version></dependency>
                    <dependency><groupId>x</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
                    <dependency><groupId>org.junit</groupId><artifactId>junit</artifactId><version>5</version><scope>test</scope></dependency>
                    <dependency><groupId>n</groupId><artifactId>native</artifactId><version>1</version><classifier>linux</classifier></dependency>
                  </dependencies>
                </project>""");
        assertEquals(List.of("org.jsoup:jsoup:1.17.2", "x:sibling:3.1", "n:native:jar:linux:1"), pom.coordinates());
        assertEquals(List.of("file:///tmp/fixture"), pom.repositories());
        assertEquals(List.of("org.junit:junit (test)"), pom.skipped());
        String generated = MavenMagic.pom(pom.coordinates(), null, pom.repositories());
        assertTrue(generated.contains("<artifactId>native</artifactId><version>1</version><classifier>linux</classifier>"), generated);
        assertTrue(generated.contains("<id>pom-1</id><url>file:///tmp/fixture</url>"), generated);
    }

    @Test
    void aPomThatCannotBeUsedIsOneLine() throws Exception {
        MavenMagic.Failure missing = assertThrows(MavenMagic.Failure.class, () -> PomDependencies.read(Path.of("/no/such/pom.xml")));
        assertTrue(missing.getMessage().startsWith("%loadFromPOM: no such file: /no/such/pom.xml"), missing.getMessage());
        MavenMagic.Failure undefined = assertThrows(MavenMagic.Failure.class, () -> PomDependencies.readString(
                "<project><dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>${v}</version></dependency></dependencies></project>"));
        assertTrue(undefined.getMessage().contains("${v} is not defined"), undefined.getMessage());
        MavenMagic.Failure notPom = assertThrows(MavenMagic.Failure.class, () -> PomDependencies.readString("<html/>"));
        assertTrue(notPom.getMessage().contains("not a Maven pom"), notPom.getMessage());
    }
}

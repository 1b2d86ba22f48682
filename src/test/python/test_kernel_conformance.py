"""Jupyter's own kernel conformance suite (jupyter_kernel_test) with Java samples.

Run against the kernelspec named by FASTAI_KERNEL_NAME (default fastai-java) found on
JUPYTER_PATH, e.g.:  JUPYTER_PATH=/tmp/jk /usr/bin/python3 -m unittest -v test_kernel_conformance
"""
import os
import unittest

import jupyter_kernel_test
from jupyter_client.manager import start_new_kernel


class JavaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("FASTAI_KERNEL_NAME", "fastai-java")

    @classmethod
    def setUpClass(cls):
        # The first start may build the Java session while the suite already sends requests.
        cls.km, cls.kc = start_new_kernel(kernel_name=cls.kernel_name, startup_timeout=120)
        cls.kc.execute_interactive("int warmedUp = 1;", timeout=120)

    language_name = "java"
    file_extension = ".java"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("an error line");'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "Syst"},
        {"text": "warmedU", "matches": {"warmedUp"}},
    ]

    complete_code_samples = [
        "1 + 1",
        "int x = 1;",
        'System.out.println("hi")',
        "for (int i = 0; i < 3; i++) { }",
        "void f() { }",
    ]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "int y = (1 +",
        "class A {",
        "/* a comment that goes on",
    ]
    invalid_code_samples = [
        "int z = ;",
        "}",
        '"an unterminated string',
        "int 3x = 1;",
        "1 +* 2;",
        "int = 5;",
    ]

    code_page_something = "Math.max?"

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"hello" + ", " + "world"', "result": "hello, world"},
        {"code": "List.of(1, 2, 3)", "result": "[1, 2, 3]"},
    ]

    code_display_data = [
        {"code": "display(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));", "mime": "image/png"},
        {"code": 'html("<b>bold</b>");', "mime": "text/html"},
    ]

    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput();"


if __name__ == "__main__":
    unittest.main()

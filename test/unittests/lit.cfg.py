# -*- Python -*-
# Runs every GoogleTest binary built by add_accel_unittest (names end in
# "Tests", all in <build>/test/unittests/bin).

import os
import lit.formats

config.name = "ACCEL-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.accel_obj_root, "test", "unittests")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest("bin", "Tests")

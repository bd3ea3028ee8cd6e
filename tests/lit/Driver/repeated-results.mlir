// A model returning one value more than once (next to other results) gets
// each result in its own buffer. This crashed in bufferization before
// dlc-entry-boundaries copied the repeats.

// RUN: rm -rf %t && mkdir -p %t
// RUN: /usr/bin/python3 -c "import numpy as np; np.save('%t/x.npy', np.array([[0.5, -1.5, 2], [-3, 0, 4.25]], np.float32))"
// RUN: dlc run %s -i x=%t/x.npy -o %t/out
// RUN: /usr/bin/python3 -c "import numpy as np; x = np.load('%t/x.npy'); r = np.maximum(x, 0); [np.testing.assert_array_equal(np.load('%t/out/' + n + '.npy'), e) for n, e in (('a', r), ('b', r), ('c', -x), ('d', x))]"
// RUN: dlc compile %s --emit=obj -o %t/model.o

func.func @main(%x: tensor<2x3xf32> {dlc.name = "x"}) -> (tensor<2x3xf32> {dlc.name = "a"}, tensor<2x3xf32> {dlc.name = "b"}, tensor<2x3xf32> {dlc.name = "c"}, tensor<2x3xf32> {dlc.name = "d"}) {
  %r = dlc.relu %x : tensor<2x3xf32>
  %n = dlc.neg %x : tensor<2x3xf32>
  return %r, %r, %n, %x : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

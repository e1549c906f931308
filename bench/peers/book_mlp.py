"""The MNIST MLP the way the book's library ("lincoln", Deep Learning from Scratch chapters 3-4) computes it:
float64 throughout, one object per Operation caching its input and output, assert_same_shape on every
gradient, Layers set up lazily on their first batch, a NeuralNetwork of Layers, an SGD Optimizer stepping over
net.params() / net.param_grads(), and the Trainer's permute_data + generate_batches. It is the "what the book's
library does" baseline, so its structure (and its costs) are kept on purpose — including BiasAdd's parameter
gradient built as a full (N, out) array, and the SoftmaxCrossEntropy loss the book reports (clipped
probabilities, plus the Σ(1−y)·log(1−p) term).

One deliberate difference: Dense layers take their starting weights from Gradflow (the same numbers every
peer starts from) instead of drawing them, so the losses can be compared.
"""

import numpy as np
from numpy import ndarray


def assert_same_shape(array: ndarray, array_grad: ndarray):
    assert array.shape == array_grad.shape, \
        '''
        Two ndarrays should have the same shape;
        instead, first ndarray's shape is {0}
        and second ndarray's shape is {1}.
        '''.format(tuple(array_grad.shape), tuple(array.shape))
    return None


def logsumexp(x: ndarray, axis=None, keepdims=False) -> ndarray:
    # scipy.special.logsumexp, which the book imports, for the inputs it sees here (finite reals)
    x_max = np.amax(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - x_max), axis=axis, keepdims=True)) + x_max
    return out if keepdims else np.squeeze(out, axis=axis)


def softmax(x: ndarray, axis=None) -> ndarray:
    return np.exp(x - logsumexp(x, axis=axis, keepdims=True))


def permute_data(X: ndarray, y: ndarray):
    perm = np.random.permutation(X.shape[0])
    return X[perm], y[perm]


class Operation(object):
    def __init__(self):
        pass

    def forward(self, input_: ndarray, inference: bool = False) -> ndarray:
        self.input_ = input_
        self.output = self._output(inference)
        return self.output

    def backward(self, output_grad: ndarray) -> ndarray:
        assert_same_shape(self.output, output_grad)
        self.input_grad = self._input_grad(output_grad)
        assert_same_shape(self.input_, self.input_grad)
        return self.input_grad

    def _output(self, inference: bool) -> ndarray:
        raise NotImplementedError()

    def _input_grad(self, output_grad: ndarray) -> ndarray:
        raise NotImplementedError()


class ParamOperation(Operation):
    def __init__(self, param: ndarray):
        super().__init__()
        self.param = param

    def backward(self, output_grad: ndarray) -> ndarray:
        assert_same_shape(self.output, output_grad)
        self.input_grad = self._input_grad(output_grad)
        self.param_grad = self._param_grad(output_grad)
        assert_same_shape(self.input_, self.input_grad)
        assert_same_shape(self.param, self.param_grad)
        return self.input_grad

    def _param_grad(self, output_grad: ndarray) -> ndarray:
        raise NotImplementedError()


class WeightMultiply(ParamOperation):
    def __init__(self, W: ndarray):
        super().__init__(W)

    def _output(self, inference: bool) -> ndarray:
        return np.dot(self.input_, self.param)

    def _input_grad(self, output_grad: ndarray) -> ndarray:
        return np.dot(output_grad, np.transpose(self.param, (1, 0)))

    def _param_grad(self, output_grad: ndarray) -> ndarray:
        return np.dot(np.transpose(self.input_, (1, 0)), output_grad)


class BiasAdd(ParamOperation):
    def __init__(self, B: ndarray):
        assert B.shape[0] == 1
        super().__init__(B)

    def _output(self, inference: bool) -> ndarray:
        return self.input_ + self.param

    def _input_grad(self, output_grad: ndarray) -> ndarray:
        return np.ones_like(self.input_) * output_grad

    def _param_grad(self, output_grad: ndarray) -> ndarray:
        param_grad = np.ones_like(self.param) * output_grad
        return np.sum(param_grad, axis=0).reshape(1, param_grad.shape[1])


class Linear(Operation):
    def __init__(self):
        super().__init__()

    def _output(self, inference: bool) -> ndarray:
        return self.input_

    def _input_grad(self, output_grad: ndarray) -> ndarray:
        return output_grad


class Tanh(Operation):
    def __init__(self):
        super().__init__()

    def _output(self, inference: bool) -> ndarray:
        return np.tanh(self.input_)

    def _input_grad(self, output_grad: ndarray) -> ndarray:
        return output_grad * (1 - self.output * self.output)


class Layer(object):
    def __init__(self, neurons: int):
        self.neurons = neurons
        self.first = True
        self.params = []
        self.param_grads = []
        self.operations = []

    def _setup_layer(self, num_in: int):
        raise NotImplementedError()

    def forward(self, input_: ndarray, inference=False) -> ndarray:
        if self.first:
            self._setup_layer(input_)
            self.first = False
        self.input_ = input_
        for operation in self.operations:
            input_ = operation.forward(input_, inference)
        self.output = input_
        return self.output

    def backward(self, output_grad: ndarray) -> ndarray:
        assert_same_shape(self.output, output_grad)
        for operation in reversed(self.operations):
            output_grad = operation.backward(output_grad)
        input_grad = output_grad
        assert_same_shape(self.input_, input_grad)
        self._param_grads()
        return input_grad

    def _param_grads(self) -> None:
        self.param_grads = []
        for operation in self.operations:
            if issubclass(operation.__class__, ParamOperation):
                self.param_grads.append(operation.param_grad)

    def _params(self) -> None:
        self.params = []
        for operation in self.operations:
            if issubclass(operation.__class__, ParamOperation):
                self.params.append(operation.param)


class Dense(Layer):
    def __init__(self, neurons: int, activation: Operation = Linear(), weights=None):
        super().__init__(neurons)
        self.activation = activation
        self.weights = weights  # (W, B) given by Gradflow; the book draws them here

    def _setup_layer(self, input_: ndarray) -> None:
        W, B = self.weights
        assert W.shape == (input_.shape[1], self.neurons)
        self.params = [np.array(W, dtype=np.float64), np.array(B, dtype=np.float64)]
        self.operations = [WeightMultiply(self.params[0]), BiasAdd(self.params[1]), self.activation]
        return None


class Loss(object):
    def __init__(self):
        pass

    def forward(self, prediction: ndarray, target: ndarray) -> float:
        assert_same_shape(prediction, target)
        self.prediction = prediction
        self.target = target
        loss_value = self._output()
        return loss_value

    def backward(self) -> ndarray:
        self.input_grad = self._input_grad()
        assert_same_shape(self.prediction, self.input_grad)
        return self.input_grad

    def _output(self) -> float:
        raise NotImplementedError()

    def _input_grad(self) -> ndarray:
        raise NotImplementedError()


class SoftmaxCrossEntropy(Loss):
    def __init__(self, eps: float = 1e-9):
        super().__init__()
        self.eps = eps
        self.single_class = False

    def _output(self) -> float:
        softmax_preds = softmax(self.prediction, axis=1)
        self.softmax_preds = np.clip(softmax_preds, self.eps, 1 - self.eps)
        softmax_cross_entropy_loss = (
            -1.0 * self.target * np.log(self.softmax_preds) -
            (1.0 - self.target) * np.log(1 - self.softmax_preds)
        )
        return np.sum(softmax_cross_entropy_loss) / self.prediction.shape[0]

    def _input_grad(self) -> ndarray:
        return (self.softmax_preds - self.target) / self.prediction.shape[0]


class NeuralNetwork(object):
    def __init__(self, layers, loss: Loss, seed: int = 1):
        self.layers = layers
        self.loss = loss
        self.seed = seed

    def forward(self, x_batch: ndarray, inference=False) -> ndarray:
        x_out = x_batch
        for layer in self.layers:
            x_out = layer.forward(x_out, inference)
        return x_out

    def backward(self, loss_grad: ndarray) -> None:
        grad = loss_grad
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return None

    def train_batch(self, x_batch: ndarray, y_batch: ndarray, inference=False) -> float:
        prediction = self.forward(x_batch, inference)
        batch_loss = self.loss.forward(prediction, y_batch)
        loss_grad = self.loss.backward()
        self.backward(loss_grad)
        return batch_loss

    def params(self):
        for layer in self.layers:
            yield from layer.params

    def param_grads(self):
        for layer in self.layers:
            yield from layer.param_grads


class Optimizer(object):
    def __init__(self, lr: float = 0.01):
        self.lr = lr
        self.first = True

    def step(self) -> None:
        for (param, param_grad) in zip(self.net.params(), self.net.param_grads()):
            self._update_rule(param=param, grad=param_grad)

    def _update_rule(self, **kwargs) -> None:
        raise NotImplementedError()


class SGD(Optimizer):
    def __init__(self, lr: float = 0.01):
        super().__init__(lr)

    def _update_rule(self, **kwargs) -> None:
        update = self.lr * kwargs['grad']
        kwargs['param'] -= update


class Trainer(object):
    def __init__(self, net: NeuralNetwork, optim: Optimizer):
        self.net = net
        self.optim = optim
        setattr(self.optim, 'net', self.net)

    def generate_batches(self, X: ndarray, y: ndarray, size: int = 32):
        assert X.shape[0] == y.shape[0], \
            '''
            features and target must have the same number of rows, instead
            features has {0} and target has {1}
            '''.format(X.shape[0], y.shape[0])
        N = X.shape[0]
        for ii in range(0, N, size):
            X_batch, y_batch = X[ii:ii + size], y[ii:ii + size]
            yield X_batch, y_batch

    def epochs(self, X_train: ndarray, y_train: ndarray, batch_size: int, seed: int):
        """fit()'s loop (shuffle every epoch, then the batches) without the evaluations, endlessly."""
        np.random.seed(seed)
        while True:
            X_train, y_train = permute_data(X_train, y_train)
            yield from self.generate_batches(X_train, y_train, batch_size)

    def train_batch(self, X_batch: ndarray, y_batch: ndarray) -> float:
        """One iteration of fit()'s inner loop."""
        loss = self.net.train_batch(X_batch, y_batch)
        self.optim.step()
        return loss


class BookMLP:
    """run_peer.py's view: the data, train_batch (net.train_batch + optim.step) and the book's batch order."""

    def __init__(self, arrays, meta):
        f64 = np.float64
        self.x, self.y = arrays['x'].astype(f64), arrays['y'].astype(f64)
        self.batch = int(meta['batch'])
        net = NeuralNetwork(
            layers=[
                Dense(neurons=arrays['dense1_w.W'].shape[1], activation=Tanh(),
                      weights=(arrays['dense1_w.W'], arrays['dense1_b.B'])),
                Dense(neurons=arrays['dense2_w.W'].shape[1], activation=Linear(),
                      weights=(arrays['dense2_w.W'], arrays['dense2_b.B'])),
            ],
            loss=SoftmaxCrossEntropy(),
            seed=int(meta.get('seed', 0)))
        self.trainer = Trainer(net, SGD(lr=float(meta['lr'])))

    def train_batch(self, x, y):
        return float(self.trainer.train_batch(x, y))

    def batches(self, seed):
        generator = self.trainer.epochs(self.x, self.y, self.batch, seed)

        class Next:
            def next(self):
                return next(generator)
        return Next()

def step(X, y, coef):
    y_pred = numpy.dot(X, coef)
    err = y - y_pred
    s = numpy.sum(numpy.square(err))
    g = numpy.dot(numpy.transpose(X), err)
    return s, g

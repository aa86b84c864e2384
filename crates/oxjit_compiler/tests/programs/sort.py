def tri_insertion(tab):
    vec = numpy.copy(tab)
    for i in range(1, len(vec)):
        x = vec[i]
        j = i
        while (j > 0) and (vec[j - 1] > x):
            vec[j] = vec[j - 1]
            j = j - 1
        vec[j] = x
    return vec

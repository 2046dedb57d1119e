"""Trees: axis-aligned splits chosen greedily, for classification and regression."""

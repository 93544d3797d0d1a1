"""kiemdiem: the yearly review, quality classification and commendation cycle."""

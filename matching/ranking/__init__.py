"""Two-sided ranking: retrieval from sparse skill/occupation/text vectors, scored features, explanations.

Directions: jobs-for-profile, profiles-for-job, investors-for-project, projects-for-investor. Pure: numpy, scipy,
scikit-learn; records come in as plain dataclasses (see :mod:`matching.ranking.records`).
"""

rule-patient_data = looks like it contains patient-identifying data (a full date, a hospital-number-like pattern, or a name next to a date); remove it before publishing.

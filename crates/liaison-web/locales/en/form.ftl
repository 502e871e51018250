# Hints under the episode form's labels, and the legend of the required marker (issue 12).
form-required-legend = Fields marked * are required.
hint-patient_ref = The hospital's own number for the patient: it finds duplicates and matches imported rows.
hint-fracture_date = The day of the fracture: every pathway window counts from it.
hint-birth_date = Patients under 50 can be registered but are outside the KPI population.
hint-spine_detection = Spine fractures only: how the fracture was found.
hint-family_name = Names and phone numbers stay within this FLS and are never exported.
hint-falls_assessment = The dataset records whether it was done, not the day.

# Why a pathway step is not needed, shown beside "Not needed" (issue 12).
step-why-not_required = recorded as not required for this patient
step-why-declined = the patient declined it
step-why-hip_fracture = measured for fractures other than hip: a hip fracture's rehabilitation starts on the ward
step-why-no_treatment = treatment was not recommended, or not yet
step-why-died = the patient died before it was done
step-done-undated = Done (the dataset records no date)

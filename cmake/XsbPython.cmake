# Picks the Python 3 interpreter for the tools' tests: the first of python3
# on PATH and /usr/bin/python3 that has matplotlib and psycopg2 (Debian's
# python3-* packages install into /usr/bin/python3 only, and python3 on PATH
# may be pyenv's or a venv's). Falls back to what find_package(Python3)
# finds; tests that need a missing module then report a skip. A user's
# -DPython3_EXECUTABLE=... wins.
if(NOT DEFINED CACHE{Python3_EXECUTABLE})
  find_program(_xsb_path_python NAMES python3 NO_CACHE)
  foreach(_candidate IN ITEMS "${_xsb_path_python}" /usr/bin/python3)
    if(_candidate AND EXISTS "${_candidate}")
      execute_process(COMMAND "${_candidate}" -c "import matplotlib, psycopg2"
                      RESULT_VARIABLE _xsb_rc OUTPUT_QUIET ERROR_QUIET)
      if(_xsb_rc EQUAL 0)
        set(Python3_EXECUTABLE "${_candidate}" CACHE FILEPATH
            "Python 3 for the tools and tests")
        break()
      endif()
    endif()
  endforeach()
  unset(_candidate)
  unset(_xsb_path_python)
  unset(_xsb_rc)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
message(STATUS "xsb: Python for the tools: ${Python3_EXECUTABLE}")

# xsb_find_python_with(VAR MODULE...): the first of $XSB_PYTHON, python3 on
# PATH and /usr/bin/python3 (scripts/lib/python.sh's order) that imports
# every MODULE, in VAR; "" when none does. A found interpreter is cached
# (XSB_PYTHON_WITH_<VAR>); a miss is asked again at the next configure, so
# installing the modules later is noticed.
function(xsb_find_python_with var)
  set(_cached "XSB_PYTHON_WITH_${var}")
  if(DEFINED CACHE{${_cached}} AND EXISTS "${${_cached}}")
    set(${var} "${${_cached}}" PARENT_SCOPE)
    return()
  endif()
  find_program(_xsb_path_python3 NAMES python3 NO_CACHE)
  list(JOIN ARGN ", " _modules)
  foreach(_candidate IN ITEMS "$ENV{XSB_PYTHON}" "${_xsb_path_python3}"
                              /usr/bin/python3)
    if(_candidate AND EXISTS "${_candidate}")
      execute_process(COMMAND "${_candidate}" -c "import ${_modules}"
                      RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
      if(_rc EQUAL 0)
        set(${_cached} "${_candidate}" CACHE INTERNAL "")
        set(${var} "${_candidate}" PARENT_SCOPE)
        message(STATUS "xsb: Python with ${_modules}: ${_candidate}")
        return()
      endif()
    endif()
  endforeach()
  set(${var} "" PARENT_SCOPE)
  message(STATUS "xsb: no Python with ${_modules}: the tests that need it "
                 "skip (scripts/install-deps.sh --torch installs torch)")
endfunction()

# The example exec models' interpreters (kernels/exec/examples): numpy for
# the default tests, torch and torchvision for the PyTorch pair's.
xsb_find_python_with(XSB_NUMPY_PYTHON numpy)
xsb_find_python_with(XSB_TORCH_PYTHON torch torchvision)
